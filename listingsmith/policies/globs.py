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
    # Per expression, the texts one of which the value must hold for it to match (the spellings
    # of one of its star-free parts: "*[Bb]aby*[Cc]lothing*" needs "Baby" or "baby"); () where
    # no part can be spelt out (it is always tried).
    needs: tuple[tuple[str, ...], ...] = ()

    def matches(self, value: str, opened: frozenset[int] | set[int] = frozenset()) -> bool:
        """Whether a pattern matches the whole value; `opened`: the expressions whose needed
        text the value holds (found by GlobLists' automaton), the others are not tried."""
        return (
            self.anything
            or value in self.equal
            or (bool(self.prefixes) and value.startswith(self.prefixes))
            or (bool(self.suffixes) and value.endswith(self.suffixes))
            or any(
                expression.match(value) is not None
                for at, expression in enumerate(self.expressions)
                if not self.needs[at] or at in opened
            )
        )


def _needed(pattern: str) -> tuple[str, ...]:
    """The spellings of the longest run of a pattern between its wildcards ("*", "?"), one of
    which a value it matches holds; () where a bracket is not a plain class (it may hold a
    wildcard, or be no class at all) or the run has too many spellings."""
    runs: list[list[tuple[str, ...]]] = [[]]
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char in "*?":
            runs.append([])
            at += 1
        elif char == "[":
            found = _PLAIN_CLASS.match(pattern, at)
            if found is None:
                return ()
            runs[-1].append(tuple(dict.fromkeys(found.group(1))))
            at = found.end()
        else:
            runs[-1].append((char,))
            at += 1
    longest = max(runs, key=len)
    total = 1
    for choices in longest:
        total *= len(choices)
    if not longest or total > MAX_SPELLINGS:
        return ()
    return tuple("".join(chosen) for chosen in product(*longest))


def _rest(patterns: list[str]) -> _Rest:
    equal: list[str] = []
    prefixes: list[str] = []
    suffixes: list[str] = []
    anything = False
    expressions = []
    needs = []
    for pattern in patterns:
        core = pattern.strip("*")
        lead, trail = pattern.startswith("*"), pattern.endswith("*") and bool(core)
        texts = spellings(core) if "*" not in core else None
        if not core:
            anything = True
        elif texts is None or (lead and trail):
            expressions.append(re.compile(translate(pattern)))
            needs.append(_needed(pattern))
        elif lead:
            suffixes += texts
        elif trail:
            prefixes += texts
        else:
            equal += texts
    return _Rest(
        frozenset(equal),
        tuple(prefixes),
        tuple(suffixes),
        anything,
        tuple(expressions),
        tuple(needs),
    )


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
        opened: dict[int, set[int]] = {}  # by list, its expressions whose needed text occurs
        if self.automaton is not None:
            for _, (lists, needs) in self.automaton.iter(value):
                held.update(lists)
                for index, at in needs:
                    opened.setdefault(index, set()).add(at)
        return tuple(
            empty or index in held or rest.matches(value, opened.get(index, _NONE))
            for index, (rest, empty) in enumerate(zip(self.rests, self.empty, strict=True))
        )


_NONE: frozenset[int] = frozenset()


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
    # The texts an expression needs, tagged (list, expression), in the same automaton.
    needed: dict[str, set[tuple[int, int]]] = {}
    for index, rest in enumerate(rests):
        for at, texts in enumerate(rest.needs):
            for text in texts:
                needed.setdefault(text, set()).add((index, at))
    automaton = None
    if holds or needed:
        automaton = ahocorasick.Automaton()
        for text in holds.keys() | needed.keys():
            value = (tuple(sorted(holds.get(text, ()))), tuple(sorted(needed.get(text, ()))))
            automaton.add_word(text, value)
        automaton.make_automaton()
    return GlobLists(automaton, tuple(rests), tuple(not patterns for patterns in lists))
