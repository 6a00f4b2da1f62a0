"""Rule kinds: pure functions that find the spans of a text that break a rule.

Each takes the text, the rule's params and the listing's context, and yields (span, values);
values fill the rule's message, and keys starting with "_" steer the fix ("_fixable",
"_append").
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from typing import Any

from listingsmith.lexicons import label_separator
from listingsmith.policies.limits import max_hits_per_field
from listingsmith.policies.linear import compile_linear
from listingsmith.policies.matching import (
    PhraseMatcher,
    is_word_char,
    phrase_matcher,
    phrases_for,
)
from listingsmith.policies.params_cache import per_params_and_language
from listingsmith.policies.placeholders import stated
from listingsmith.text.reader import entity_pattern, read

Hit = tuple[tuple[int, int], dict[str, Any]]
_WORD = re.compile(r"[^\W\d_]{2,}")
# The letters caps_ratio counts (ASCII: the shouting it judges is Latin script), as the bytes
# that bytes.translate deletes to leave only them (in C; no other character's UTF-8 has them).
_NOT_ASCII_LETTER = bytes(c for c in range(256) if chr(c) not in string.ascii_letters)
_NOT_ASCII_UPPER = bytes(c for c in range(256) if chr(c) not in string.ascii_uppercase)


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know beyond the text: the product's attributes (lower-case names), the
    language their values are written in when known, and those the seller gave in the listing's
    language ("ingredients@de")."""

    attributes: dict[str, str] = field(default_factory=dict)
    brand: str | None = None
    language: str = "en"
    data_language: str | None = None
    localized: frozenset[str] = frozenset()
    # The offer's text a buyer reads before the purchase (title, bullets, description): a
    # particular the law asks the offer to state is stated wherever in it the seller wrote it.
    offer: str = ""


# Folded texts are cached (every rule of a field reads the same one) up to this many
# characters each: listing fields are shorter, and the cache stays under FOLD_CACHE_ENTRIES x
# FOLD_CACHE_CHARS characters however long the texts a seller sends.
FOLD_CACHE_ENTRIES = 4096
FOLD_CACHE_CHARS = 2_000


def fold(text: str) -> str:
    """NFKC + casefold, keeping offsets: full-width ＢＥＳＴ and BEST compare equal."""
    return _fold_cached(text) if len(text) <= FOLD_CACHE_CHARS else _fold(text)


@lru_cache(maxsize=FOLD_CACHE_ENTRIES)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded if len(folded) == len(text) else _fold_per_char(text)


def _fold_per_char(text: str) -> str:
    out = []
    for char in text:
        mapped = unicodedata.normalize("NFKC", char).casefold()
        out.append(mapped if len(mapped) == 1 else char.casefold()[:1] or char)
    return "".join(out)


def _phrase_hits(text: str, params: dict[str, Any], context: RuleContext) -> list[tuple[int, int]]:
    """Spans (of the original text) of the rule's phrases in the listing's language, as a reader
    sees them (see text.reader and policies.matching), and of its regular expressions, which
    keep to the rule's word boundaries like its phrases."""
    reading = read(text, context.language)
    mode = params.get("match", "word")
    limit = max_hits_per_field()
    spans = []
    matcher = _rule_matcher(params, context.language)
    indexed = _INDEXED.get((id(params), context.language))
    if (
        matcher is not None
        and indexed is not None
        and indexed[0] is params
        and indexed[1].has_layers(reading)
    ):
        # The phrase index's hits of this field, tagged with this rule: the engine's pass over
        # the field (a text it did not read, or too long to be cached, is matched as before).
        lemmas = matcher.lemma_gate_opens(reading)
        found = indexed[1].find_tagged(reading, indexed[2], limit, lemmas)
        spans += [(start, end) for start, end, _ in found]
    elif matcher is not None:
        spans += [(start, end) for start, end, _ in matcher.find(reading, limit)]
    # Patterns keep the digits unless the rule reads them as words (`patterns_read: words`:
    # leetspeak read as letters, "cur3s 4rthr1t1s"), for patterns of words with no number.
    seen = reading.words if params.get("patterns_read") == "words" else reading.text
    for expression in params.get("patterns", []):
        found = compile_linear(expression).spans(seen)
        spans += islice((s for s in found if _bounded(seen, s, mode)), limit)
    spans.sort()
    kept = [s for i, s in enumerate(spans) if i == 0 or s[0] >= spans[i - 1][1]][:limit]
    return [reading.span(start, end) for start, end in kept]


# Rules whose phrases are in a shared phrase index (engine.shared_phrase_index) under their
# own tag, by (params object, language): their params, the index and the tag. Pack data: one
# entry per phrase rule and language, replaced when the packs are loaded again.
_INDEXED: dict[tuple[int, str], tuple[dict[str, Any], PhraseMatcher, str]] = {}


def index_phrases(
    language: str, rules: list[tuple[dict[str, Any], str]], index: PhraseMatcher
) -> None:
    """Let phrase rules (params, tag) read their hits from `index` of `language`, which holds
    exactly their phrases under their tag (and others' under other tags), instead of a pass of
    their own matcher over the text."""
    for key in [key for key in _INDEXED if key[1] == language]:
        del _INDEXED[key]
    for params, tag in rules:
        _INDEXED[(id(params), language)] = (params, index, tag)


@per_params_and_language
def _rule_matcher(params: dict[str, Any], language: str) -> PhraseMatcher | None:
    """The matcher of a rule's phrases in a language (None without any), resolved once per
    params object and language: the entries tuple of a long list (130 phrases) cost about
    35 µs to build and hash on every call."""
    phrases = phrases_for(params.get("phrases"), language)
    if not phrases:
        return None
    mode = params.get("match", "word")
    return phrase_matcher(tuple((p, mode, "") for p in phrases), language)


def _bounded(text: str, span: tuple[int, int], mode: str) -> bool:
    """Whether a match starts (and, for whole words, ends) at a word's edge: "seta 100%" is not
    found inside "Camiseta 100%"."""
    start, end = span
    if mode == "substring" or start == end:
        return True
    if start > 0 and is_word_char(text[start]) and is_word_char(text[start - 1]):
        return False
    return not (
        mode == "word"
        and end < len(text)
        and is_word_char(text[end - 1])
        and is_word_char(text[end])
    )


def banned_phrases(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """Phrases that must not appear."""
    for start, end in _phrase_hits(text, params, context):
        yield (start, end), {"match": text[start:end]}


def regex(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """Regular expressions (RE2, linear time) on the text as a reader sees it; overlapping
    matches are reported once, as spans of the original text."""
    reading = read(text, context.language)
    taken: list[tuple[int, int]] = []
    limit = max_hits_per_field()
    for expression in params["patterns"]:
        for found in islice(compile_linear(expression).spans(reading.text), limit):
            if len(taken) >= limit:
                return
            start, end = found
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append(found)
            start, end = reading.span(start, end)
            yield (start, end), {"match": text[start:end]}


def max_length(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """The part past `chars` characters and/or `bytes` UTF-8 bytes (a lone surrogate, which
    JSON can carry, counts the 3 bytes it takes in WTF-8 instead of failing to encode)."""
    limit = min(params.get("chars", len(text)), len(text))
    if "bytes" in params:
        total = 0
        for index, char in enumerate(text[:limit]):
            total += _utf8_bytes(char)
            if total > params["bytes"]:
                limit = index
                break
    if limit < len(text):
        yield (
            (limit, len(text)),
            {"length": len(text), "bytes_length": _utf8_bytes(text), **params},
        )


def _utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def banned_characters(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """Characters a marketplace does not allow (unless part of the brand name), also as a
    reader sees them: an HTML entity ("&#33;") or a full-width form ("！") is the character."""
    pattern = _characters(params["characters"], context.brand or "")
    taken: set[int] = set()
    for found in pattern.finditer(text):  # as written: NFKC reads "™" as "TM", "…" as "..."
        taken.add(found.start())
        yield found.span(), {"match": found.group()}
    if text.isascii() and "&" not in text:
        return
    folded = _folded_entities(params["characters"], context.brand or "")
    for found in folded.finditer(text) if folded and "&" in text else ():
        # An entity of a character that NFKC folds to letters ("&trade;" is "TM" read).
        taken.add(found.start())
        yield found.span(), {"match": found.group()}
    reading = read(text, context.language)
    for found in pattern.finditer(reading.text):
        start, end = reading.span(*found.span())
        if start not in taken:
            taken.add(start)
            yield (start, end), {"match": text[start:end]}


@lru_cache(maxsize=1024)
def _folded_entities(characters: str, brand: str) -> re.Pattern[str] | None:
    """The entities of the banned characters (not the brand's) that NFKC folds to others."""
    folded = "".join(
        c for c in characters if c not in brand and unicodedata.normalize("NFKC", c) != c
    )
    return entity_pattern(folded)


@lru_cache(maxsize=1024)
def _characters(characters: str, brand: str) -> re.Pattern[str]:
    """One character class of the banned characters the brand does not use (a plain regex scan,
    not a Python loop per character); the brand is seller text, so the cache is bounded."""
    allowed = "".join(c for c in characters if c not in brand)
    return re.compile(f"[{re.escape(allowed)}]" if allowed else "(?!)")


def caps_ratio(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """Too many upper-case letters (shouting); only with enough letters to judge. The brand is
    written as the brand owner writes it (PENERAN, ASUS) and is not counted."""
    if context.brand:
        text = text.replace(context.brand, "")
    if not text.isascii():  # full-width capitals shout as loud
        text = unicodedata.normalize("NFKC", text)
    data = text.encode("utf-8", "surrogatepass")
    letters = len(data.translate(None, _NOT_ASCII_LETTER))
    if letters < params.get("min_letters", 10):
        return
    ratio = len(data.translate(None, _NOT_ASCII_UPPER)) / letters
    if ratio > params["max_ratio"]:
        yield (0, len(text)), {"ratio": f"{ratio:.0%}", "max_ratio": f"{params['max_ratio']:.0%}"}


def repeated_word(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """A word used more than `max` times (function words ignored)."""
    ignore = _folded(tuple(params.get("ignore", ())))
    folded = fold(text)
    words = _WORD.findall(folded)
    if len(words) <= params["max"]:
        return
    # Counted in C first: most texts repeat no word more often than allowed, ignored or not.
    if max(Counter(words).values()) <= params["max"]:
        return
    counts: Counter[str] = Counter()
    for found in _WORD.finditer(folded):
        word = found.group()
        if word in ignore:
            continue
        counts[word] += 1
        if counts[word] == params["max"] + 1:
            yield found.span(), {"match": text[found.start() : found.end()], "max": params["max"]}


@cache
def _folded(words: tuple[str, ...]) -> frozenset[str]:
    """A rule's word list folded once (pack data: finite)."""
    return frozenset(fold(w) for w in words)


@cache
def _lowered(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(name.lower() for name in names)


def evidence_of(context: RuleContext, params: dict[str, Any]) -> str | None:
    """The attribute that substantiates a claim, if any: a name in `evidence` (its value
    matching `value_pattern` where given), or a name in `evidence_values` whose value matches
    that name's own pattern (a general "certification" attribute holding an organic control
    body's code or a compostability standard)."""
    wanted = _lowered(tuple(params["evidence"]))
    value_pattern = params.get("value_pattern")
    check = compile_linear(f"(?i){value_pattern}") if value_pattern else None
    by_value = params.get("evidence_values") or {}
    for name, value in context.attributes.items():
        if name in wanted and (check is None or check.search(value)):
            return f"{name} = {value}"
        pattern = by_value.get(name)
        if pattern and compile_linear(f"(?i){pattern}").search(value):
            return f"{name} = {value}"
    return None


def evidence_claim(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """A claim allowed only when an attribute substantiates it (organic, BPA-free, Made in USA)."""
    if evidence_of(context, params):  # substantiated: no hit, the text need not be matched
        return
    spans = _phrase_hits(text, params, context)
    for start, end in spans:
        yield (start, end), {"match": text[start:end], "evidence": ", ".join(params["evidence"])}


def required_disclosure(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """Information the law requires in the offer: the attribute must exist (else a person must
    supply it) and its value must be stated (else it is appended)."""
    attributes = context.attributes
    for names, english, opening in _disclosures(params, context.language):
        value = next((attributes[n] for n in names if stated(attributes.get(n))), None)
        if value is None:
            yield (len(text), len(text)), {"missing": english, "_fixable": False}
        elif fold(value) not in fold(text):
            yield (len(text), len(text)), {"missing": english, "_append": f"{opening}{value}."}


@per_params_and_language
def _disclosures(params: dict[str, Any], language: str) -> tuple[tuple[list[str], str, str], ...]:
    """Per required item, resolved once per params object and language: its attribute names
    (lower case), its label in English, and what opens its appended line (the label in the
    language and the language's separator)."""
    out = []
    for item in params["items"]:
        labels = item["label"] if isinstance(item["label"], dict) else {"en": item["label"]}
        label = labels.get(language, labels["en"])
        names = [n.lower() for n in item["attributes"]]
        out.append((names, labels["en"], f"{label}{label_separator(language)}"))
    return tuple(out)
