"""Many lists of shell patterns ("*[Cc]lothing*", "de-*") matched against one value at once:
which lists hold a pattern that matches the whole value, as `fnmatch.fnmatchcase` says.

A scope key asks this of a seller's category for every pattern list of the packs (29 lists,
557 patterns). Python's `re` tried each list's alternation of `.*`-led patterns one after
another (about 345 µs a new category), and an RE2 set over them all builds DFA states for
every new category (about 250 µs). Most patterns say "holds this text" (`*[Cc]lothing*`): their
texts, each bracket spelt out ("Clothing", "clothing"), go into one Aho-Corasick automaton read
once over the value. So do the texts of a prefix ("de-*"), a suffix ("*-DE") or a whole value,
each found where it must stand (a hit that starts the value, ends it, or both); what remains
(inner stars, "?", a negated or long bracket) is fnmatch's own expression, tried only for a
list not already matched and, where it needs a text ("*[Bb]aby*[Cc]lothing*": "Baby" or
"baby"), only where the automaton found one. A new category's scope key (with its title
noun) took about 200 µs when prefixes, suffixes and whole values were str tests and every list
was visited, and takes about 70.
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


# Where a text of a pattern must stand in the value: anywhere ("*text*"), at its start
# ("text*"), at its end ("*text") or both (the whole value).
ANYWHERE, START, END, WHOLE = range(4)


@dataclasses.dataclass(frozen=True)
class GlobLists:
    """Pattern lists as one automaton of their patterns' texts (each bracket spelt out), each
    tagged with the lists it matches from where it stands in the value, and the texts one of
    which an expression (the other patterns, fnmatch's own) needs; the expressions by list."""

    automaton: Any
    # Per list, whether it matches every value (empty, as the empty expression did, or "*").
    always: tuple[bool, ...]
    # The expressions of the patterns left to fnmatch's: (list, expression) by id, and the ids
    # of those that need no text (always tried, for a list not matched by a text); the others
    # are tried only where a text they need occurs.
    expressions: tuple[tuple[int, re.Pattern[str]], ...]
    free: tuple[int, ...]

    def matching(self, value: str) -> tuple[bool, ...]:
        """Per list, whether one of its patterns matches the whole value."""
        matched = list(self.always)
        tried = set(self.free)  # the expressions to try: ids
        if self.automaton is not None:
            last = len(value) - 1
            for end, (length, places, needs) in self.automaton.iter(value):
                at_start, at_end = end + 1 == length, end == last
                for place, lists in places:
                    if (
                        place == ANYWHERE
                        or (place == START and at_start)
                        or (place == END and at_end)
                        or (at_start and at_end)
                    ):
                        for index in lists:
                            matched[index] = True
                tried.update(needs)
        expressions = self.expressions
        for at in tried:
            index, expression = expressions[at]
            if not matched[index] and expression.match(value) is not None:
                matched[index] = True
        return tuple(matched)


def _place(pattern: str) -> tuple[int, tuple[str, ...]] | None:
    """Where a pattern's text stands and its spellings, or None for a pattern left to its
    expression (an inner star, "?", a bracket that is not a plain class, too many spellings)
    or matching every value ("*")."""
    core = pattern.strip("*")
    texts = spellings(core) if core and "*" not in core else None
    if texts is None:
        return None
    lead, trail = pattern.startswith("*"), pattern.endswith("*")
    return (ANYWHERE if lead and trail else END if lead else START if trail else WHOLE), texts


@cache
def glob_lists(lists: tuple[tuple[str, ...], ...]) -> GlobLists:
    """The matcher of some pattern lists (pack data: finite), built once."""
    places: dict[str, dict[int, set[int]]] = {}  # by text, by place: the lists it matches
    needed: dict[str, set[int]] = {}  # by text: the ids of the expressions that need it
    expressions: list[tuple[int, re.Pattern[str]]] = []
    free = []
    always = []
    for index, patterns in enumerate(lists):
        always.append(not patterns or any(not pattern.strip("*") for pattern in patterns))
        for pattern in patterns:
            found = _place(pattern)
            if found is not None:
                for text in found[1]:
                    places.setdefault(text, {}).setdefault(found[0], set()).add(index)
            elif pattern.strip("*"):
                needs = _needed(pattern)
                for text in needs:
                    needed.setdefault(text, set()).add(len(expressions))
                if not needs:
                    free.append(len(expressions))
                expressions.append((index, re.compile(translate(pattern))))
    automaton = None
    if places or needed:
        automaton = ahocorasick.Automaton()
        for text in places.keys() | needed.keys():
            by_place = places.get(text, {})
            value = (
                len(text),
                tuple((place, tuple(sorted(by_place[place]))) for place in sorted(by_place)),
                tuple(sorted(needed.get(text, ()))),
            )
            automaton.add_word(text, value)
        automaton.make_automaton()
    return GlobLists(automaton, tuple(always), tuple(expressions), tuple(free))
