"""Claims made of two words near each other: an action and the object it acts on ("kills 99.9 %
of germs", "repels mosquitoes", "mosquito repellent", "mould-resistant"), which no phrase list
can enumerate (every pest of 40 CFR 152.5 times every verb of 40 CFR 152.15).

The rule's `phrases` are the objects (they gate the rule: it runs only where one occurs);
`before` are the actions that precede their object, at most `window` words ahead of it, in one
clause ("kills 99.9 % of household germs"), with no `stops` word between (a preposition starts
another phrase: "eliminates lag with a wireless mouse"); `after` are the agent words that follow
their object, at most `after_window` words behind it ("mosquito and fly killer"). Every list is
per language and matched as phrases are (text.reader: leetspeak, look-alikes, inflections,
compounds). An attribute in `evidence` substantiates the claim, as for evidence_claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from listingsmith.policies.limits import max_hits_per_field
from listingsmith.policies.matching import PhraseMatcher, phrase_matcher, phrases_for
from listingsmith.policies.params_cache import per_params
from listingsmith.policies.rules import Hit, RuleContext, evidence_of
from listingsmith.text.reader import read

OBJECT, BEFORE, AFTER, JOINED = "o", "b", "a", "j"
WINDOW = 3
AFTER_WINDOW = 2
# A word is at most this many characters on average across a window (longer gaps are no
# phrase: 1 MB between an action and an object is not looked into).
MAX_WORD = 24
# What ends a clause between an action and its object (a dot or comma only before no digit:
# "99.9 %", "99,9 %", spaced out "9 9 . 9 %").
_BOUNDARY = re.compile(r"[;:!?()\[\]{}|\n\u2022\u00b7]|[.,](?! ?\d)")
# Words counted in a window: numbers are not ("kills 99.9 % of germs" has one word between).
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Lexicon:
    """One rule's words in one language: a matcher tagging objects and actions, and the folded
    words that end a window."""

    matcher: PhraseMatcher
    stops: frozenset[str]
    window: int
    after_window: int


def paired_claim(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """Spans from an action to its object (or from an object to its agent word), unless an
    attribute substantiates the claim."""
    lexicon = _lexicon(params, context.language)
    reading = read(text, context.language)
    found = lexicon.matcher.find(reading, max_hits_per_field())
    if not any(tag in (OBJECT, JOINED) for _, _, tag in found) or evidence_of(context, params):
        return
    for start, end in _pairs(found, reading.words, lexicon):
        start, end = reading.span(start, end)
        yield (start, end), {"match": text[start:end], "evidence": ", ".join(params["evidence"])}


def _pairs(
    found: list[tuple[int, int, str]], words: str, lexicon: _Lexicon
) -> list[tuple[int, int]]:
    """Spans of each object with the nearest action before it or agent word after it (hits are
    sorted by start), overlapping spans merged ("kills fleas and ticks" is one claim)."""
    spans: list[tuple[int, int]] = []
    last_before: tuple[int, int] | None = None
    for index, (start, end, tag) in enumerate(found):
        if tag == JOINED:
            spans.append((start, end))
            continue
        if tag == BEFORE:
            last_before = (start, end)
            continue
        if tag != OBJECT:
            continue
        span = None
        if last_before is not None and _near(words, last_before[1], start, lexicon.window, lexicon):
            span = (last_before[0], end)
        else:
            agent = next(
                (a for a in found[index + 1 :] if a[2] == AFTER and a[0] >= end),
                None,
            )
            if agent and _near(words, end, agent[0], lexicon.after_window, lexicon):
                span = (start, agent[1])
        if span is None:
            continue
        if spans and span[0] < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], span[1]))
        elif len(spans) < max_hits_per_field():
            spans.append(span)
    return spans


def _near(words: str, start: int, end: int, window: int, lexicon: _Lexicon) -> bool:
    """Whether words[start:end] holds at most `window` words (numbers not counted), none of
    them a stop word, and no clause boundary."""
    if end < start or end - start > (window + 1) * MAX_WORD:
        return False
    gap = words[start:end]
    if _BOUNDARY.search(gap):
        return False
    between = _WORD.findall(gap)
    # Single letters in a row are one word spaced out ("o f" in "K i l l s  9 9 %  o f").
    count = sum(1 for i, w in enumerate(between) if len(w) > 1 or i == 0 or len(between[i - 1]) > 1)
    return count <= window and not any(word in lexicon.stops for word in between)


@per_params
def _lexicon(params: dict[str, Any], language: str) -> _Lexicon:
    """The rule's lexicon in a language."""
    mode = params.get("match", "word")
    entries = [(word, mode, OBJECT) for word in params.get("phrases", [])]
    entries += [(word, mode, BEFORE) for word in _texts(params, "before", language)]
    entries += [(word, mode, AFTER) for word in _texts(params, "after", language)]
    entries += [(word, "word", JOINED) for word in joined(params, language)]
    stops = frozenset(read(w, language).words.strip() for w in _texts(params, "stops", language))
    lexicon = _Lexicon(
        phrase_matcher(tuple(entries), language),
        stops,
        int(params.get("window", WINDOW)),
        int(params.get("after_window", AFTER_WINDOW)),
    )
    return lexicon


def joined(params: dict[str, Any], language: str) -> tuple[str, ...]:
    """Each one-word object closed up with each one-word agent after it, as a reader reads a
    compound whose hyphen was an en dash ("Germ–resistant" reads "germresistant"); these gate
    the rule too (see policies.engine)."""
    objects = [w for w in params.get("phrases", []) if " " not in w and "-" not in w]
    agents = [w for w in _texts(params, "after", language) if " " not in w and "-" not in w]
    return tuple(o + a for o in objects for a in agents)


def _texts(params: dict[str, Any], key: str, language: str) -> tuple[str, ...]:
    """A per-language word list of the params; YAML reads an unquoted `on` or `no` as true or
    false, which is refused."""
    words = phrases_for(params.get(key), language)
    wrong = [w for w in words if not isinstance(w, str)]
    if wrong:
        raise ValueError(f"{key} must be text; quote {wrong!r}")
    return words
