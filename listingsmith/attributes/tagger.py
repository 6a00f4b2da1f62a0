"""Open attributes by a learned sequence tagger: a linear-chain CRF per train dataset
(python-crfsuite, shipped as models/tagger-<dataset>.crfsuite with their card tagger.json, built
by evals/build_tagger.py from the train splits) labels each token B-/I-<attribute name> or O
from its word, shape, affixes, neighbours, position, the record's category and the extractors'
and the vocabulary's finds. A span's confidence is its least sure token's marginal probability,
calibrated on train records the model did not see (isotonic knots in the card)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from listingsmith.attributes.brands import known_brands
from listingsmith.attributes.named import Extraction, kind_map
from listingsmith.attributes.value_sets import value_set
from listingsmith.attributes.vocabulary import find_known, normalize_value, vocabulary
from listingsmith.domain import Attribute
from listingsmith.lexicons import load_data
from listingsmith.text.quantities import normalize
from listingsmith.text.spans import Span

MODELS = "models"
MODEL_FILE = "tagger-{dataset}.crfsuite"
CARD_FILE = "tagger.json"
OUTSIDE = "O"
# The tagger's values are a learned reading of the text (fusion ranks them after the patterns').
SOURCE = "text-tagger"
QUANTITY_KIND = "quantity:"
# Words (a comma between digits joins them: "24,000") and punctuation marks.
_TOKEN = re.compile(r"(?:\d,(?=\d)|[^\s/(),;:\[\]{}|\"!?])+|[/(),;:\[\]{}|\"!?]")
_SHAPE = (re.compile(r"[A-Z]+"), "X"), (re.compile(r"[a-z]+"), "x"), (re.compile(r"\d+"), "d")
NEIGHBOURS = (-2, -1, 1, 2)
FIRST_POSITIONS = 5


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark and where it is in the NFKC-normalised text."""

    text: str
    start: int
    end: int


@cache
def spec() -> dict[str, Any]:
    """tagger.yaml beside this module: what is read, what becomes a feature, how it is built."""
    return load_data(__package__, "tagger.yaml")


def tokenize(text: str) -> list[Token]:
    """Words and punctuation of the NFKC-normalised text (a word's trailing full stops apart),
    at most the spec's max_tokens."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(normalize(text)):
        word, start = match.group(), match.start()
        core = word.rstrip(".")
        if core and core != word:
            tokens += [
                Token(core, start, start + len(core)),
                Token(word[len(core) :], start + len(core), match.end()),
            ]
        else:
            tokens.append(Token(word, start, match.end()))
    return tokens[: spec()["max_tokens"]]


def shape(word: str) -> str:
    """The word's shape with runs folded: "YE-409" -> "X-d", "Quick-Dry" -> "Xx-Xx"."""
    for pattern, letter in _SHAPE:
        word = pattern.sub(letter, word)
    return word


def _finds(text: str) -> Iterator[tuple[str, Span]]:
    """Every extractor kind's and every known value's find in the text, as (feature, span)."""
    extraction = Extraction(text, "en", None)
    kinds = [*spec()["feature_kinds"], *(QUANTITY_KIND + q for q in kind_map().quantities)]
    for kind in kinds:
        yield from ((f"kind={kind}", s) for s in extraction.spans(kind))
    for name, known in vocabulary().values.items():
        yield from ((f"lex={name}", s) for s, _ in find_known(text, known))
    yield from (("lex=brand", s) for s, _ in known_brands(text))


def _word_features(prefix: str, word: str) -> list[str]:
    lower = word.lower()
    return [f"{prefix}w={lower}", f"{prefix}shape={shape(word)}"]


def features(text: str, category: str | None) -> tuple[list[Token], list[list[str]]]:
    """The text's tokens and each token's features."""
    tokens = tokenize(text)
    marks: list[set[str]] = [set() for _ in tokens]
    for feature, span in _finds(text):
        for i, token in enumerate(tokens):
            if token.start < span.span[1] and span.span[0] < token.end:
                marks[i].add(("B" if token.start <= span.span[0] else "I") + feature)
    category_feature = "cat=" + (category or "").lower()
    rows = []
    for i, token in enumerate(tokens):
        word = token.text
        row = [
            "bias",
            category_feature,
            *_word_features("", word),
            f"suf3={word[-3:].lower()}",
            f"pre3={word[:3].lower()}",
            f"pos={min(i, FIRST_POSITIONS)}",
        ]
        row += [flag for flag, on in _flags(word) if on]
        for offset in NEIGHBOURS:
            j = i + offset
            row += (
                _word_features(f"{offset}:", tokens[j].text)
                if 0 <= j < len(tokens)
                else [f"{offset}:edge"]
            )
        rows.append(row + sorted(marks[i]))
    return tokens, rows


def _flags(word: str) -> list[tuple[str, bool]]:
    return [
        ("title", word.istitle()),
        ("upper", word.isupper()),
        ("digit", word.isdigit()),
        ("has_digit", any(c.isdigit() for c in word)),
        ("short", len(word) <= 2),
    ]


def bio_labels(text: str, tokens: list[Token], gold: dict[str, list[str]]) -> list[str]:
    """B-/I-<name> over every token run whose text is one of the name's gold values (case- and
    space-folded; longer values first; a token keeps its first label), O elsewhere."""
    labels = [OUTSIDE] * len(tokens)
    normalized = normalize(text)
    wanted = sorted(
        ((normalize_value(v), name.lower()) for name, values in gold.items() for v in values),
        key=lambda item: -len(item[0]),
    )
    longest = spec()["max_value_tokens"]
    for value, name in wanted:
        if not value:
            continue
        for i in range(len(tokens)):
            for j in range(i, min(i + longest, len(tokens))):
                surface = normalized[tokens[i].start : tokens[j].end]
                if len(surface) > len(value) + 2:
                    break
                if normalize_value(surface) == value and all(
                    label == OUTSIDE for label in labels[i : j + 1]
                ):
                    labels[i : j + 1] = [f"B-{name}"] + [f"I-{name}"] * (j - i)
    return labels


@dataclass(frozen=True)
class TaggedSpan:
    """A run of tokens the tagger labelled as one attribute's value, and its least sure token's
    marginal probability."""

    name: str
    surface: str
    span: tuple[int, int]
    probability: float


def tag(tagger: Any, text: str, tokens: list[Token], rows: list[list[str]]) -> list[TaggedSpan]:
    """The tagger's labelled spans in the text (Viterbi path, marginals of its labels)."""
    if not tokens:
        return []
    labels = tagger.tag(rows)
    normalized = normalize(text)
    found = []
    i = 0
    while i < len(labels):
        if labels[i] == OUTSIDE:
            i += 1
            continue
        name = labels[i][2:]
        j = i
        while j + 1 < len(labels) and labels[j + 1] == f"I-{name}":
            j += 1
        probability = min(tagger.marginal(labels[k], k) for k in range(i, j + 1))
        first, last = _trimmed(tokens, i, j)
        if first <= last:
            start, end = tokens[first].start, tokens[last].end
            found.append(TaggedSpan(name, normalized[start:end], (start, end), probability))
        i = j + 1
    return found


def _trimmed(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """The run without punctuation-only tokens at its edges (", 200-Softgel" is "200-Softgel");
    first > last when nothing is left."""
    while first <= last and not any(c.isalnum() for c in tokens[first].text):
        first += 1
    while last >= first and not any(c.isalnum() for c in tokens[last].text):
        last -= 1
    return first, last


def calibrated(probability: float, knots: dict[str, list[float]]) -> float:
    """The share of spans that were right at this marginal probability (isotonic knots)."""
    return float(np.interp(probability, knots["x"], knots["y"]))


def best_spans(
    spans: list[TaggedSpan], names: list[str], knots: dict[str, list[float]]
) -> list[Attribute]:
    """Per asked name, its most confident tagged span as a text attribute (calibrated)."""
    found = []
    for name in names:
        own = [s for s in spans if s.name == name.lower()]
        if own:
            best = max(own, key=lambda s: s.probability)
            found.append(
                Attribute(
                    name=name,
                    value=best.surface,
                    source=SOURCE,
                    evidence=best.surface,
                    span=best.span,
                    confidence=round(calibrated(best.probability, knots), 4),
                )
            )
    return found


@dataclass(frozen=True)
class Model:
    """One dataset's tagger (each labels only its own dataset's names, which keeps training
    fast), the names it labels (lower-case) and its calibration knots. A CRFsuite tagger keeps
    the last tagged sequence for its marginals, so one thread at a time uses it (`lock`)."""

    tagger: Any
    names: frozenset[str]
    knots: dict[str, list[float]]
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)


def answer(
    models: list[Model], text: str, names: list[str], category: str | None
) -> list[Attribute]:
    """Per asked name, the most confident calibrated span of the models that label it."""
    wanted = {name.lower() for name in names}
    users = [m for m in models if m.names & wanted]
    if not users:
        return []
    tokens, rows = features(text, category)
    best: dict[str, Attribute] = {}
    for m in users:
        with m.lock:
            spans = tag(m.tagger, text, tokens, rows)
        for found in best_spans(spans, names, m.knots):
            if found.name not in best or found.confidence > best[found.name].confidence:
                best[found.name] = found
    return list(best.values())


def label_names(tagger: Any) -> frozenset[str]:
    """The attribute names (lower-case) a tagger labels."""
    return frozenset(label[2:] for label in tagger.labels() if label != OUTSIDE)


def card() -> dict[str, Any]:
    """The shipped tagger's card: data, sizes, held-out score, each model's calibration."""
    path = resources.files(__package__).joinpath(MODELS, CARD_FILE)
    return json.loads(path.read_text(encoding="utf-8"))


def open_tagger(path: str) -> Any:
    """A CRFsuite tagger opened on a model file."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


@cache
def models() -> list[Model]:
    """The shipped taggers (loaded once)."""
    shipped = []
    for entry in card()["models"].values():
        with resources.as_file(resources.files(__package__).joinpath(MODELS, entry["file"])) as p:
            tagger = open_tagger(str(p))
        shipped.append(Model(tagger, label_names(tagger), entry["calibration"]))
    return shipped


def tagged_attributes(
    text: str,
    names: list[str],
    category: str | None = None,
    min_confidence: float | None = None,
    language: str = "en",
) -> list[Attribute]:
    """At most one value per asked open name (a name with a value set in the category is the
    classifier's, closed.py) from the shipped taggers; none below the extractors' threshold
    (kinds.yaml min_confidence unless given), and none for a text in another language than the
    taggers were trained on (tagger.yaml `language`)."""
    if language != spec()["language"]:
        return []
    threshold = kind_map().min_confidence if min_confidence is None else min_confidence
    open_names = [name for name in names if not value_set(category, name)]
    if not open_names:
        return []
    found = answer(models(), text, open_names, category)
    return [a for a in found if a.confidence >= threshold]
