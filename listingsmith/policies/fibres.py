"""Fibre claims judged against the product's fibre composition (Regulation (EU) No 1007/2011,
16 CFR 303): a fibre named as pure ("100 %", "pure", "all"), a name that is no fibre name where
the composition is told ("70 % bamboo", "made with microfiber"), and a fibre the product does not
contain ("cashmere scarf" of acrylic).

The rule's `phrases` are the fibre names of the listing's language (they gate the rule: it runs
only where one occurs); `same_fibre` groups names of one fibre (its first name is the fibre);
for the non-names check, `phrases` are the non-names instead (those in `material_names` also
after a `material_cues` word, those in `trademarks` anywhere: the rule's exceptions name the
generic names that may stand beside them). The other word lists (qualifiers, words around a
name that deny it) are per language too. Names are matched as phrases are (text.reader: leetspeak,
look-alikes, inflections, compounds), percentages on the text as read, spaced-out digits too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from listingsmith.policies.compositions import composition_in_text
from listingsmith.policies.fibre_names import ANNEX_I, render
from listingsmith.policies.limits import max_hits_per_field
from listingsmith.policies.matching import PhraseMatcher, phrase_matcher, phrases_for
from listingsmith.policies.params_cache import per_params
from listingsmith.policies.placeholders import stated
from listingsmith.policies.rules import Hit, RuleContext
from listingsmith.text.reader import Reading, read
from listingsmith.text.stems import compounds

# A percentage as read ("100 %", "1 0 0 %", "70,5%"). Python's re, proven linear: every
# match is at most MAX_PERCENT characters, so each start costs a bounded number of steps (RE2's
# Python binding converts offsets per match, which is quadratic over many matches).
_PERCENT = re.compile(r"\d(?: ?[\d.,]){0,5} {0,2}%")
MAX_PERCENT = 16
# What may stand between a percentage and the fibre it gives: spaces, a colon, one short word
# ("100 % de coton", "ze 100 % bawełny" has it before the percentage).
_AFTER_PERCENT = re.compile(r"[\s:]*(?:[^\W\d_]{1,3}'?\s*)?")
_BEFORE_PERCENT = re.compile(r"[\s:]*")
# Between a qualifier and its fibre: "pure wool", "all-cotton", "lino puro".
_BESIDE = re.compile(r"[\s-]{1,3}")
# The longest gap looked at between a name and a percentage or qualifier.
MAX_GAP = 8
# A material cue ("made with soft microfiber") stands at most this many words before a name.
CUE_WINDOW = 3
# A composition given by sections ("shell: 100 % cotton; fill: 100 % polyester", 16 CFR
# 303.16 and 1007/2011 Art. 11 allow each part its own): parts split at ";", a line break, or a
# comma before a name and a percentage ("shell 100 % polyamide, lining 100 % polyester"), each a
# short name, a colon or none, and its fibres.
_SECTIONS = re.compile(r"[;\n]|,(?=\s*[^\W\d]+(?:\s+[^\W\d]+){0,2}\s*:?\s*\d)")
# A section's name without a colon: the words before its first percentage.
_NAME_BEFORE_PERCENT = re.compile(r"\s*([^\W\d][^:\d]*?)\s+(?=\d)")
MAX_SECTION_WORDS = 3
# How many words around a pure claim are looked at for the section it names ("100 %
# polyester fill", "cover in pure cotton").
SECTION_WINDOW = 2

# Tags: a fibre name (f:fibre), a qualifier, a non-name, a non-name that a material cue makes
# a composition, a non-name that no name stands beside (a fibre trademark alone), a qualifier
# and a fibre name closed up in one word (c:fibre, "Reinseide").
FIBRE, QUALIFIER, NON_NAME, MATERIAL_NON_NAME, ANYWHERE_NON_NAME = "f:", "q", "u", "m", "a"
CLOSED = "c:"


# The checks that judge a name itself, without the stated composition: `non_names` and
# `material_non_names` (only a non-name after a material cue: "socks made of bamboo").
_WITHOUT_COMPOSITION = ("non_names", "material_non_names")


# A stated composition: its text, fibres, whether it is 100 % of one, and its sections given
# wholly of one fibre (section name -> fibre).
_Stated = tuple[str | None, frozenset[str], bool, dict[str, str]]


@dataclass(frozen=True)
class _Lexicon:
    """One rule's words in one language: a matcher tagging fibre names with their fibre,
    qualifiers and non-names, and the folded words that deny a name before or after it."""

    matcher: PhraseMatcher
    not_before: frozenset[str]
    not_after: frozenset[str]
    cues: frozenset[str]


def fibre_claims(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """Hits of the rule's `check`: `purity` (a pure claim the composition does not bear out),
    `non_names` (a name that is no fibre name, where a composition is told), `material_non_names`
    (such a name after a material cue only) or `absent` (a fibre the stated composition does not
    contain). Purity and absence are judged only against
    a stated composition (its absence is the composition rule's finding)."""
    composition = _composition(params, context, text)
    if params["check"] not in _WITHOUT_COMPOSITION and composition[0] is None:
        return
    lexicon = _lexicon(params, context.language)
    reading = read(text, context.language)
    found = lexicon.matcher.find(reading, max_hits_per_field())
    if not found:
        return
    view = _View(reading, lexicon)
    also = params.get("also_named", {})
    for start, end in _hits(params["check"], found, view, composition, also):
        start, end = reading.span(start, end)
        values = {"match": text[start:end], "composition": composition[0] or "none stated"}
        yield (start, end), values


class _Spans:
    """Spans sorted by start: those starting in a window are found by binary search, so many
    names and many percentages stay n log n."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def starting(self, low: int, high: int) -> list[tuple[int, int]]:
        """The spans starting from `low` to `high`."""
        return self.spans[bisect_left(self.starts, low) : bisect_right(self.starts, high)]


class _View:
    """A field as the checks see it: its text, words and percentages, indexed once."""

    def __init__(self, reading: Reading, lexicon: _Lexicon) -> None:
        self.text = reading.text
        self.lexicon = lexicon
        self.tokens = reading.tokens()
        self.token_starts = [t[0] for t in self.tokens]
        self.token_ends = [t[1] for t in self.tokens]
        self.percents = _Spans([m.span() for m in _PERCENT.finditer(reading.text)])

    def words_before(self, at: int, count: int) -> list[str]:
        """The `count` words ending at or before `at`."""
        index = bisect_right(self.token_ends, at)
        return [t[2] for t in self.tokens[max(0, index - count) : index]]

    def word_after(self, at: int) -> str | None:
        """The first word starting at or after `at`."""
        index = bisect_left(self.token_starts, at)
        return self.tokens[index][2] if index < len(self.tokens) else None

    def in_composition(self, start: int, end: int) -> bool:
        """Whether a name gives a share of a composition ("70 % bamboo", "cotton 100 %")."""
        text = self.text
        before = self.percents.starting(start - MAX_GAP - MAX_PERCENT, start)
        after = self.percents.starting(end, end + MAX_GAP)
        return any(
            p_end <= start
            and start - p_end <= MAX_GAP
            and _AFTER_PERCENT.fullmatch(text, p_end, start)
            for _, p_end in before
        ) or any(_BEFORE_PERCENT.fullmatch(text, end, p_start) for p_start, _ in after)

    def denied(self, start: int, end: int) -> bool:
        """Whether the words around a name say the fibre is not there ("faux silk",
        "cotton-feel", "steel wool")."""
        before = self.words_before(start, 1)
        after = self.word_after(end)
        return bool(before and before[0] in self.lexicon.not_before) or (
            after is not None and after in self.lexicon.not_after
        )

    def names_section(self, start: int, end: int, fibre: str, sections: dict[str, str]) -> bool:
        """Whether a pure claim names a section the composition gives wholly of that fibre
        ("100 % polyester fill" where the fill is 100 % polyester)."""
        index = bisect_left(self.token_starts, end)
        around = self.words_before(start, SECTION_WINDOW)
        around += [t[2] for t in self.tokens[index : index + SECTION_WINDOW]]
        return any(sections.get(word) == fibre for word in around)

    def after_cue(self, start: int) -> bool:
        """Whether a name follows a word that introduces a material ("made with soft
        microfiber")."""
        return any(word in self.lexicon.cues for word in self.words_before(start, CUE_WINDOW))


def _hits(
    check: str,
    found: list[tuple[int, int, str]],
    view: _View,
    composition: _Stated,
    also_named: dict[str, list[str]],
) -> Iterator[tuple[int, int]]:
    """`also_named`: a fibre name the composition bears out when it holds one of the fibres
    listed under it (Annex I row 2: the hair fibres may be called "... wool")."""
    value, fibres, whole, sections = composition
    names = [hit for hit in found if hit[2].startswith(FIBRE)]
    if check == "purity" and value is not None:
        hundreds = [s for s in view.percents.spans if _digits(view.text, s) == "100"]
        qualifiers = _Spans([(a, b) for a, b, tag in found if tag == QUALIFIER] + hundreds)
        for start, end, tag in names:
            claim = _claim(start, end, qualifiers, view.text)
            fibre = tag[len(FIBRE) :]
            pure = whole and fibres <= {fibre}
            if claim is not None and not pure:
                span = min(claim[0], start), max(claim[1], end)
                if not view.names_section(*span, fibre, sections):
                    yield span
        closed = {(a, b, tag[len(CLOSED) :]) for a, b, tag in found if tag.startswith(CLOSED)}
        for start, end, fibre in sorted(closed):
            pure = whole and fibres <= {fibre}
            if not pure and not view.names_section(start, end, fibre, sections):
                yield start, end
    elif check == "non_names":
        for start, end, tag in found:
            if (
                tag == ANYWHERE_NON_NAME
                or view.in_composition(start, end)
                or (tag == MATERIAL_NON_NAME and view.after_cue(start))
            ):
                yield start, end
    elif check == "material_non_names":
        for start, end, tag in found:
            if tag == MATERIAL_NON_NAME and view.after_cue(start):
                yield start, end
    elif check == "absent" and value is not None and fibres:
        for start, end, tag in names:
            fibre = tag[len(FIBRE) :]
            present = fibre in fibres or not fibres.isdisjoint(also_named.get(fibre, ()))
            if not (present or view.in_composition(start, end) or view.denied(start, end)):
                yield start, end


def _claim(start: int, end: int, qualifiers: _Spans, text: str) -> tuple[int, int] | None:
    """The qualifier ("pure", "100 %") that makes a pure claim of the name at start:end."""
    for q_start, q_end in qualifiers.starting(start - MAX_GAP - MAX_PERCENT, end + MAX_GAP):
        percent = text[q_end - 1] == "%"
        if q_end <= start and start - q_end <= MAX_GAP:
            gap = text[q_end:start]
            if _BESIDE.fullmatch(gap) or (percent and _AFTER_PERCENT.fullmatch(gap)):
                return q_start, q_end
        if q_start >= end:
            gap = text[end:q_start]
            if _BESIDE.fullmatch(gap) or (percent and _BEFORE_PERCENT.fullmatch(gap)):
                return q_start, q_end
    return None


def _digits(text: str, span: tuple[int, int]) -> str:
    return "".join(filter(str.isdigit, text[span[0] : span[1]]))


def _composition(params: dict[str, Any], context: RuleContext, text: str) -> _Stated:
    """The stated composition (from the first of `evidence` with a value), its fibres,
    whether it is 100 % of one fibre, and the sections given wholly of one fibre."""
    for name in params["evidence"]:
        value = context.attributes.get(name.lower())
        if stated(value):
            return _stated_composition(params, context.language, str(value))
    # None in the data: the one the field's text states itself ("Pure linen. 55% linen, 45%
    # cotton."), read as the attribute would be.
    told = composition_in_text(text, context.language, params.get("names") == ANNEX_I)
    if told is not None:
        return _stated_composition(params, context.language, told)
    return None, frozenset(), False, {}


# Compositions read, per (params object, language, value): every field of a listing that runs
# a fibre rule reads the same attribute, and a catalogue repeats it. Seller text: bounded, the
# memo cleared when full; the params object is kept beside its value so a freed id is never
# mistaken for a live one. Callers only read the sections dict.
COMPOSITION_MEMO = 4096
_COMPOSITIONS: dict[tuple[int, str, str], tuple[dict[str, Any], _Stated]] = {}


def _stated_composition(params: dict[str, Any], language: str, value: str) -> _Stated:
    """A stated composition's fibres, whether it is 100 % of one, and its one-fibre sections."""
    key = (id(params), language, value)
    found = _COMPOSITIONS.get(key)
    if found is not None and found[0] is params:
        return found[1]
    lexicon = _lexicon(params, language)
    fibres, whole = _fibres(lexicon, value, language)
    sections = {}
    written = [value]
    if params.get("names") == ANNEX_I:  # as the composition rules write it in this language
        written += [t for t in (render(value, language).text,) if t is not None and t != value]
    for part in (part for text in written for part in _SECTIONS.split(text)):
        section, colon, rest = part.partition(":")
        named_first = None if colon else _NAME_BEFORE_PERCENT.match(part)
        if named_first:
            section, colon, rest = named_first.group(1), ":", part[named_first.end() :]
        words = read(section, language).words.split()
        if colon and words and len(words) <= MAX_SECTION_WORDS:
            named, pure = _fibres(lexicon, rest, language)
            if pure and named:
                sections[words[-1]] = next(iter(named))
    stated_: _Stated = (value, fibres, whole, sections)
    if len(_COMPOSITIONS) >= COMPOSITION_MEMO:
        _COMPOSITIONS.clear()
    _COMPOSITIONS[key] = (params, stated_)
    return stated_


def _fibres(lexicon: _Lexicon, text: str, language: str) -> tuple[frozenset[str], bool]:
    """The fibres a composition names, and whether it is 100 % of one of them."""
    reading = read(text, language)
    fibres = frozenset(
        tag[len(FIBRE) :]
        for _, _, tag in lexicon.matcher.find(reading, max_hits_per_field())
        if tag.startswith(FIBRE)
    )
    percents = [m.span() for m in _PERCENT.finditer(reading.text)]
    whole = any(_digits(reading.text, span) == "100" for span in percents)
    return fibres, whole and len(fibres) <= 1


@per_params
def _lexicon(params: dict[str, Any], language: str) -> _Lexicon:
    """The rule's lexicon in a language."""
    fibre_of = {}
    for group in params.get("same_fibre", []):
        for name in group:
            fibre_of[name.casefold()] = group[0].casefold()
    material = {name.casefold() for name in phrases_for(params.get("material_names"), language)}
    anywhere = {name.casefold() for name in phrases_for(params.get("trademarks"), language)}
    entries = [
        (name, "word", _tag(params["check"], name, fibre_of, material, anywhere))
        for name in params.get("phrases", [])
    ]
    qualifiers = phrases_for(params.get("qualifiers"), language)
    entries += [(word, "word", QUALIFIER) for word in qualifiers]
    entries += [
        (word, "word", CLOSED + fibre_of.get(name.casefold(), name.casefold()))
        for word, name in _closed(params, language)
    ]
    lexicon = _Lexicon(
        phrase_matcher(tuple(entries), language),
        _words(params.get("not_before"), language),
        _words(params.get("not_after"), language),
        _words(params.get("material_cues"), language),
    )
    return lexicon


def closed_claims(params: dict[str, Any], language: str) -> tuple[str, ...]:
    """A purity rule's closed compounds of a one-word qualifier and a one-word fibre name
    ("reinseide"), in a language that closes compounds; the phrase matcher reads them as it
    reads any one-word phrase (inflected by stem, "Reinseidene"; leetspeak); these gate the
    rule too (see policies.engine)."""
    return tuple(word for word, _ in _closed(params, language))


def _closed(params: dict[str, Any], language: str) -> list[tuple[str, str]]:
    """(closed compound, the fibre name it holds) for closed_claims."""
    if params.get("check") != "purity" or not compounds(language):
        return []
    names = [n for n in params.get("phrases", []) if n.isalpha()]
    qualifiers = [q for q in phrases_for(params.get("qualifiers"), language) if q.isalpha()]
    return [(q + n, n) for q in qualifiers for n in names]


def _tag(
    check: str, name: str, fibre_of: dict[str, str], material: set[str], anywhere: set[str]
) -> str:
    """A phrase's tag: its fibre, or for the non-names check whether a material cue before it
    makes it a composition ("made with microfiber") or it fires anywhere (a trademark)."""
    folded = name.casefold()
    if check not in _WITHOUT_COMPOSITION:
        return FIBRE + fibre_of.get(folded, folded)
    if folded in anywhere:
        return ANYWHERE_NON_NAME
    return MATERIAL_NON_NAME if folded in material else NON_NAME


def _words(words: Any, language: str) -> frozenset[str]:
    """A per-language word list as the reader reads each word (folded)."""
    return frozenset(read(w, language).words.strip() for w in phrases_for(words, language))
