"""Many lists of shell patterns ("*[Cc]lothing*", "de-*") matched against one value at once:
which lists hold a pattern that matches the whole value, as `fnmatch.fnmatchcase` says.

A scope key asks this of a seller's category for every pattern list of the packs (29 lists,
557 patterns). Python's `re` tried each list's alternation of `.*`-led patterns one after
another (about 345 µs a new category), and an RE2 set over them all builds DFA states for
every new category (about 250 µs). Most patterns say "holds this text" (`*[Cc]lothing*`): their
texts, each bracket spelt out ("Clothing", "clothing"), go into one Aho-Corasick automaton read
once over the value. The others are a prefix, a suffix or the whole value in the same way,
tested with str methods; what remains (inner stars, "?", a negated or long bracket) is
fnmatch's own expression, tried only for a list not already matched.
"""

from __future__ import annotations

import dataclasses
import re
from fnmatch import translate
from functools import cache
from itertools import product
from typing import Any

import ahocorasick

# A bracket written as a plain class: letters, digits, spaces and other symbols that are not
# class syntax (no "!", "-", "]", "[", "\", "^").
_PLAIN_CLASS = re.compile(r"\[([^\]\[\\\-\^!]+)\]")
# A pattern's text with its brackets spelt out is kept to this many spellings.
MAX_SPELLINGS = 64


def spellings(text: str) -> tuple[str, ...] | None:
    """Every text a star-free pattern matches ("[Bb]ook": "Book", "book"), or None where it
    holds "?", another bracket or too many spellings."""
    parts: list[tuple[str, ...]] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "?":
            return None
        if char == "[":
            found = _PLAIN_CLASS.match(text, at)
            if found is None:
                return None
            parts.append(tuple(dict.fromkeys(found.group(1))))
            at = found.end()
            continue
        parts.append((char,))
        at += 1
    total = 1
    for choices in parts:
        total *= len(choices)
    if total > MAX_SPELLINGS:
        return None
    return tuple("".join(chosen) for chosen in product(*parts))


@dataclasses.dataclass(frozen=True)
class _Rest:
    """One list's patterns that are not "holds this text": whole values, prefixes, suffixes,
    whether "*" is one of them, and fnmatch's expressions of the others."""

    equal: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    anything: bool
    expressions: tuple[re.Pattern[str], ...]

    def matches(self, value: str) -> bool:
        return (
            self.anything
            or value in self.equal
            or (bool(self.prefixes) and value.startswith(self.prefixes))
            or (bool(self.suffixes) and value.endswith(self.suffixes))
            or any(expression.match(value) is not None for expression in self.expressions)
        )


def _rest(patterns: list[str]) -> _Rest:
    equal: list[str] = []
    prefixes: list[str] = []
    suffixes: list[str] = []
    anything = False
    expressions = []
    for pattern in patterns:
        core = pattern.strip("*")
        lead, trail = pattern.startswith("*"), pattern.endswith("*") and bool(core)
        texts = spellings(core) if "*" not in core else None
        if not core:
            anything = True
        elif texts is None or (lead and trail):
            expressions.append(re.compile(translate(pattern)))
        elif lead:
            suffixes += texts
        elif trail:
            prefixes += texts
        else:
            equal += texts
    return _Rest(frozenset(equal), tuple(prefixes), tuple(suffixes), anything, tuple(expressions))


@dataclasses.dataclass(frozen=True)
class GlobLists:
    """Pattern lists as one automaton of the texts their "holds this text" patterns look for
    (each tagged with its lists), and each list's other patterns."""

    automaton: Any
    rests: tuple[_Rest, ...]
    empty: tuple[bool, ...]  # an empty list matches everything, as the empty expression does

    def matching(self, value: str) -> tuple[bool, ...]:
        """Per list, whether one of its patterns matches the whole value."""
        held: set[int] = set()
        if self.automaton is not None:
            for _, lists in self.automaton.iter(value):
                held.update(lists)
        return tuple(
            empty or index in held or rest.matches(value)
            for index, (rest, empty) in enumerate(zip(self.rests, self.empty, strict=True))
        )


@cache
def glob_lists(lists: tuple[tuple[str, ...], ...]) -> GlobLists:
    """The matcher of some pattern lists (pack data: finite), built once."""
    holds: dict[str, set[int]] = {}
    rests = []
    for index, patterns in enumerate(lists):
        others = []
        for pattern in patterns:
            core = pattern.strip("*")
            texts = spellings(core) if "*" not in core else None
            if core and texts is not None and pattern.startswith("*") and pattern.endswith("*"):
                for text in texts:
                    holds.setdefault(text, set()).add(index)
            else:
                others.append(pattern)
        rests.append(_rest(others))
    automaton = None
    if holds:
        automaton = ahocorasick.Automaton()
        for text, indexes in holds.items():
            automaton.add_word(text, tuple(sorted(indexes)))
        automaton.make_automaton()
    return GlobLists(automaton, tuple(rests), tuple(not patterns for patterns in lists))
