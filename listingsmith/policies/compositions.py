"""A fibre composition stated in the text however it is written: "60% cotton, 40% polyester" is
stated by "Cotton 60 % / Polyester 40 %" or "60 % Cotton, 40 % Polyester" (16 CFR 303.16(a)
and Regulation (EU) No 1007/2011 Art. 16 ask for each fibre with its share, not one spelling).

With `names: annex_i` (the EU packs), the composition must be stated in the listing's language
(1007/2011 Art. 16(3)): each share beside an Annex I name of its fibre in that language, and
what is appended is the composition written so (policies.fibre_names), never the seller's
words; a composition with a name not known in that language goes to a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from typing import Any

from listingsmith.lexicons import label_separator
from listingsmith.policies.fibre_names import (
    ANNEX_I,
    all_names,
    by_weight,
    component_named,
    fibre_names_in,
    render,
    statements_in,
    whole_label,
)
from listingsmith.policies.placeholders import stated
from listingsmith.policies.rules import Hit, RuleContext, required_disclosure
from listingsmith.text.reader import read

# The parts of a composition ("60% cotton, 40% polyester"; "cotton 60 % / elastane 40 %").
_PARTS = re.compile(r"[,;/+\n]|\s(?:and|und|et|y|e|en|i|och|og)\s")
_SHARE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s?%")
_WORD = re.compile(r"[^\W\d_]{3,}")
# What may stand between a share and its fibre's name: a colon, one short word ("60 % of
# cotton", "60 % de coton"); between a name and its share, a colon or dash ("Cotton: 60 %").
_SHARE_NAME = r"[\s:]{0,3}(?:[^\W\d_]{1,3}\s{1,2})?"
_NAME_SHARE = r"[\s:=-]{0,3}"
# A composition the text states without an attribute: shares beside fibre names that add up to
# 100 % ("100% Cotton", "Shell 80% wool / 20% polyamide", "Cotton 95%, Elastane 5%"); between a
# share and its name, at most a few words that qualify the fibre ("100% organic cotton", "87%
# merino wool", "100% recycled polyester"); a share beside no fibre's name ("100% satisfaction",
# "90% down") breaks a run.
_MAX_QUALIFIERS = 3
_MAX_NAME_WORDS = 3
# A word marked as a trade mark right after a share ("22 % LYCRA® elastane": Art. 16(2) and 16
# CFR 303.17(a) let a trade mark stand immediately before the fibre's name) is no qualifier
# of the fibre: the name after it is the fibre's.
_MARKED = re.compile(r"[^\W\d_]+[®™]")
_WORDS_AFTER = re.compile(r"\s?([^\W\d_]+[®™]?(?:[\s-]{1,3}[^\W\d_]+[®™]?){0,5})")
# What may stand between a fibre's name and its share after it ("Cotton: 60 %"), at most.
_NAME_SHARE_CHARS = " \t:=-"
_NAME_SHARE_MAX = 3
_WHOLE = 100
_TOLERANCE = 0.01
# The most fibres one component's composition lists: a longer run of shares is none (and a text
# of many shares stays linear).
_MAX_RUN = 12
# The shares a text's own composition is read from, its first (a label lists far fewer), so
# 1 MB of "100 % cotton" costs no Python work per share past them.
_MAX_SHARES = 64
# A component's name before its composition: one to three words, then a colon ("Outer:",
# "Outer and lining:") or the share itself ("Shell 80% wool").
_LABEL_WORDS = r"(?P<label>(?<!\w)[^\W\d_]+(?:[\s-][^\W\d_]+){0,2})\s*"
_LABEL = re.compile(rf"{_LABEL_WORDS}(?P<colon>:?)\s*$")
# How far before a share its fibre's name is looked for.
_NAME_WINDOW = 60
# Compositions are seller data: their patterns are cached, bounded.
COMPOSITION_CACHE = 1024


def composition_disclosure(
    text: str, params: dict[str, Any], context: RuleContext
) -> Iterator[Hit]:
    """required_disclosure, where an attribute giving shares of fibres counts as stated when the
    text gives every share beside its fibre's name, in any order, case or spacing."""
    annex_i = params.get("names") == ANNEX_I
    for item in params["items"]:
        value = next(
            (context.attributes[n.lower()] for n in item["attributes"] if _stated(context, n)),
            None,
        )
        if value is not None and annex_i:
            yield from _in_language(text, item, str(value), context.language)
            continue
        if value is not None and shares_stated(str(value), text, context.language):
            continue
        if value is not None:  # appended in order of predominance, in the seller's names
            ordered = {n.lower(): by_weight(str(value)) for n in item["attributes"]}
            context = replace(context, attributes={**context.attributes, **ordered})
        elif stated_in_text(context.offer or text, context.language, annex_i):
            continue
        yield from required_disclosure(text, {**params, "items": [item]}, context)


def stated_in_text(text: str, language: str, annex_i: bool) -> bool:
    """Whether the text states a composition itself (composition_in_text)."""
    return composition_in_text(text, language, annex_i) is not None


@lru_cache(maxsize=COMPOSITION_CACHE)
def composition_in_text(text: str, language: str, annex_i: bool) -> str | None:
    """The composition the text states itself, written "55% linen, 45% cotton" (components
    apart by "; "): each run of shares, each beside a fibre's name (with `annex_i` an Annex I
    name in `language`), that adds up to 100 %; None where the text states none. The offer
    states it then, though the product's data holds none (1007/2011 Art. 16(1), 16 CFR
    303.16(a))."""
    names, lone = _names(language, annex_i)
    if lone is None:
        return None
    seen = read(text, language).text
    parts: list[str | None] = []
    starts: list[int] = []
    for match in islice(_SHARE.finditer(seen), _MAX_SHARES):
        first = match.start()
        name = _name_after(seen, match.end(), names)
        if name is None:
            name, first = _name_before(seen, match.start(), names)
        parts.append(f"{match.group(1)}% {name}" if name else None)
        starts.append(first)
    runs = []
    start = 0
    while start < len(parts):
        end = _complete_run(parts, start)
        if end is None:
            start += 1
            continue
        run = [p for p in parts[start:end] if p]
        runs.append((_label(seen, starts[start], language), ", ".join(run), len(run)))
        start = end
    if not runs:
        return None
    # A component of one fibre named without its share ("Lining: polyester"): only under a
    # component's name or a composition's label ("Colour: Linen" names a colour).
    runs += [
        (m.group("label"), f"100% {m.group('name')}", 1)
        for m in lone.finditer(seen)
        if component_named(m.group("label")) or whole_label(m.group("label"), language)
    ]
    # Runs for the whole product that disagree: the blend is the composition, the one-fibre run
    # a claim about it ("Blouse in 100% silk. Composition: 92% silk, 8% elastane").
    if any(label is None and size > 1 for label, _, size in runs):
        runs = [r for r in runs if r[0] is not None or r[2] > 1]
    return "; ".join(run if label is None else f"{label}: {run}" for label, run, _ in runs)


def _label(seen: str, start: int, language: str) -> str | None:
    """The component's name that labels a run in the text ("Lining: 100% polyester", "Shell 80%
    wool"), as a composition attribute names its components; None for the whole product."""
    found = _LABEL.search(seen, max(0, start - _NAME_WINDOW), start)
    if found is None or whole_label(found.group("label"), language):
        return None
    label = found.group("label")
    return label if found.group("colon") or component_named(label) else None


def _complete_run(parts: list[str | None], start: int) -> int | None:
    """The end of the run of named shares from `start` that adds up to 100 %, if one does."""
    total = 0.0
    for at, part in enumerate(parts[start : start + _MAX_RUN], start):
        if part is None:
            return None
        total += float(part.split("%", 1)[0].replace(",", "."))
        if abs(total - _WHOLE) < _TOLERANCE:
            return at + 1
        if total > _WHOLE:
            return None
    return None


def _name_after(seen: str, end: int, names: frozenset[str]) -> str | None:
    """The fibre's name right after a share, a few qualifying words between ("100% organic
    cotton"), or None."""
    found = _WORDS_AFTER.match(seen, end)
    if found is None:
        return None
    words = _MARKED.sub(" ", found.group(1)).casefold().replace("-", " ").split()
    for skip in range(min(_MAX_QUALIFIERS, len(words) - 1) + 1):
        for size in range(_MAX_NAME_WORDS, 0, -1):
            candidate = " ".join(words[skip : skip + size])
            if len(words) >= skip + size and candidate in names:
                return candidate
    return None


def _name_before(seen: str, start: int, names: frozenset[str]) -> tuple[str | None, int]:
    """The fibre's name right before a share ("Cotton 60 %", "Polyester: 100%") and where it
    starts, or None."""
    window = seen[max(0, start - _NAME_WINDOW) : start]
    tail = window.rstrip(_NAME_SHARE_CHARS)
    if len(window) - len(tail) > _NAME_SHARE_MAX or not tail[-1:].isalpha():
        return None, start
    words = tail.split()[-_MAX_NAME_WORDS:]
    for size in range(len(words), 0, -1):
        chosen = words[-size:]
        candidate = " ".join(chosen).casefold()
        if all(w.isalpha() for w in chosen) and candidate in names:
            return candidate, start - (len(window) - tail.rfind(chosen[0]))
    return None, start


@lru_cache(maxsize=64)
def _names(language: str, annex_i: bool) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """The fibre names that state a share in `language` (as read, case folded), and the pattern
    of one alone after a component's label ("Lining: polyester")."""
    names = sorted({read(n, language).text.casefold() for n in all_names(language, annex_i)})
    if not names:
        return frozenset(), None
    words = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    lone = re.compile(rf"{_LABEL_WORDS}:\s*(?P<name>{words})\s*(?=[.;\n]|$)", re.IGNORECASE)
    return frozenset(names), lone


def _in_language(text: str, item: dict[str, Any], value: str, language: str) -> Iterator[Hit]:
    """The composition in the listing's language: nothing where the text states it so, else the
    line to append; a person where a name has no Annex I name known in the language."""
    labels = item["label"] if isinstance(item["label"], dict) else {"en": item["label"]}
    rendered = render(value, language)
    end = (len(text), len(text))
    if rendered.text is None:
        names = ", ".join(f'"{name}"' for name in rendered.unknown)
        known = f"with Annex I fibre names in '{language}' (none known for {names})"
        missing = f"{labels['en']} {known}"
        yield end, {"missing": missing, "_fixable": False}
    elif not shares_stated(value, text, language, annex_i=True):
        label = labels.get(language, labels["en"])
        line = f"{label}{label_separator(language)}{rendered.text}."
        yield end, {"missing": labels["en"], "_append": line}


def _stated(context: RuleContext, name: str) -> bool:
    return stated(context.attributes.get(name.lower()))


def shares_stated(value: str, text: str, language: str, annex_i: bool = False) -> bool:
    """Whether every part of a composition with a share ("60% cotton") is in the text, its share
    beside its fibre's name (both as a reader sees them); a value without shares is never
    stated this way. With `annex_i`, the name must be an Annex I name of the fibre in
    `language` ("60 % Baumwolle" states "60% cotton" in German, "60% cotton" does not) and a
    part without a share is stated by its name alone; a fibre not known is never stated."""
    if annex_i:
        patterns = _localized_patterns(value, language)
    else:
        patterns = _share_patterns(read(value, language).text)
    if not patterns:
        return False
    seen = read(text, language).text
    return all(pattern.search(seen) for pattern in patterns)


@lru_cache(maxsize=COMPOSITION_CACHE)
def _localized_patterns(value: str, language: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per part of a composition: its share (either decimal mark) near one of its
    fibre's names in `language`, either order, or the name alone for a part without a share,
    and Art. 12(1)'s statement in the language's words where the value makes it; none where a
    part's fibre has no name there."""
    found = []
    for share, names in fibre_names_in(value, language):
        if not names:
            return ()
        words = "|".join(re.escape(read(name, language).text) for name in names)
        if share is None:
            found.append(re.compile(rf"(?<!\w)(?:{words})(?!\w)"))
            continue
        digits = r"[.,]".join(re.escape(d) for d in re.split(r"[.,]", share))
        number = rf"(?<![\d.,]){digits}\s?%"
        found.append(
            re.compile(rf"{number}{_SHARE_NAME}(?:{words})|(?<!\w)(?:{words}){_NAME_SHARE}{number}")
        )
    # Art. 12(1): "contains non-textile parts of animal origin", in the language's words.
    statements = statements_in(value, language)
    if not all(statements):  # the language has no words for it: never stated
        return ()
    found += [re.compile(re.escape(read(s, language).text)) for s in statements]
    return tuple(found)


@lru_cache(maxsize=COMPOSITION_CACHE)
def _share_patterns(value: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per part of a composition: its share near its fibre's first name, either
    order; none where a part has no share or no name."""
    found = []
    for part in _PARTS.split(value):
        if not part.strip():
            continue
        share, name = _SHARE.search(part), _WORD.search(part)
        if share is None or name is None:
            return ()
        number = r"(?<![\d.,])" + re.escape(share.group().rstrip("%").strip()) + r"\s?%"
        word = re.escape(name.group())
        found.append(re.compile(rf"{number}{_SHARE_NAME}{word}|{word}{_NAME_SHARE}{number}"))
    return tuple(found)
