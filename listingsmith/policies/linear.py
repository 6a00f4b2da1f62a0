"""Packs' regular expressions compiled for RE2 (google-re2), whose matching time is linear in the
text whatever the pattern: a seller's text cannot make a rule backtrack for minutes.

RE2 has no lookaround. A pattern may still open with one lookbehind of one character class,
`(?<![...])`, and close with one lookahead, `(?![...])` (the guards that keep a match from
starting or ending inside a word): they become a consumed character or the text's edge around a
group, and the span reported is the group's. `\\w` keeps Python's Unicode meaning. Anything else
RE2 cannot run (other lookarounds, backreferences) is refused with PatternError.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import re2

_CLASS = r"\[(?:\\.|[^\]\\])+\]"
_LEAD = re.compile(rf"^(\(\?[a-zA-Z]+\))?\(\?<!({_CLASS})\)")
_TRAIL = re.compile(rf"\(\?!({_CLASS})\)$")
_UNICODE_WORD = r"\p{L}\p{N}_"


class PatternError(ValueError):
    """A pattern RE2 cannot run; says which and why."""


@dataclass(frozen=True)
class LinearPattern:
    """One compiled pattern; `group` is the capture group whose span is the match."""

    source: str
    regex: Any
    lead: bool
    group: int

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Spans of non-overlapping matches, left to right. The text is encoded to UTF-8 once
        and searched as bytes (the wrapper encodes a str again at every search: one search per
        hit would read a long text once per hit), the byte offsets counted back to characters
        as the matches move on."""
        data = text.encode("utf-8", "surrogatepass")
        chars = _CharOffsets(data) if len(data) != len(text) else None
        at = 0
        while at <= len(data):
            found = self.regex.search(data, _char_before(data, at) if self.lead and at > 0 else at)
            if found is None:
                return
            start, end = found.span(self.group)
            yield (start, end) if chars is None else (chars.of(start), chars.of(end))
            at = end if end > start else _char_after(data, end)

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in the text."""
        return self.regex.search(text) is not None


class _CharOffsets:
    """Character offsets of byte offsets of a UTF-8 text, asked in increasing order (each
    step decodes only the bytes since the last: linear in the text)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.byte = 0
        self.char = 0

    def of(self, byte: int) -> int:
        if byte < self.byte:  # not expected (matches move on): count from the start
            self.byte = self.char = 0
        self.char += len(self.data[self.byte : byte].decode("utf-8", "surrogatepass"))
        self.byte = byte
        return self.char


def _char_before(data: bytes, at: int) -> int:
    """The byte offset of the character before byte offset `at` (UTF-8)."""
    at -= 1
    while at > 0 and data[at] & 0xC0 == 0x80:
        at -= 1
    return at


def _char_after(data: bytes, at: int) -> int:
    """The byte offset of the character after the one at byte offset `at` (UTF-8)."""
    at += 1
    while at < len(data) and data[at] & 0xC0 == 0x80:
        at += 1
    return at


@dataclass(frozen=True)
class PatternSet:
    """Many patterns searched in one pass: which of them match somewhere in a text."""

    regexes: Any

    def matching(self, text: str) -> list[int]:
        """Indexes of the patterns that match in the text."""
        return (self.regexes.Match(text) or []) if self.regexes is not None else []


@cache
def pattern_set(patterns: tuple[str, ...]) -> PatternSet:
    """One RE2 set over patterns (their index is their position), built once."""
    if not patterns:
        return PatternSet(None)
    options = re2.Options()
    options.log_errors = False
    regexes = re2.Set.SearchSet(options)
    for pattern in patterns:
        regexes.Add(_translate(pattern))
    regexes.Compile()
    return PatternSet(regexes)


@cache
def compile_linear(pattern: str) -> LinearPattern:
    """The RE2 form of a pack pattern (cached: patterns are pack data, never seller text)."""
    translated = _translate(pattern)
    options = re2.Options()
    options.log_errors = False
    try:
        regex = re2.compile(translated, options)
    except re2.error as error:
        raise PatternError(
            f"pattern {pattern!r} cannot run in linear time ({error}); only a leading "
            "(?<![...]) and a trailing (?![...]) lookaround are allowed"
        ) from error
    return LinearPattern(pattern, regex, _LEAD.match(pattern) is not None, 1)


def _translate(pattern: str) -> str:
    """The pattern in RE2's syntax, the match in group 1."""
    body, flags, lead, trail = pattern, "", None, None
    opening = _LEAD.match(body)
    if opening:
        flags, lead = opening.group(1) or "", opening.group(2)
        body = body[opening.end() :]
    elif body.startswith("(?") and (flag_end := re.match(r"^\(\?[a-zA-Z]+\)", body)):
        flags, body = flag_end.group(), body[flag_end.end() :]
    closing = _TRAIL.search(body)
    if closing:
        trail, body = closing.group(1), body[: closing.start()]
    return (
        flags
        + (f"(?:^|{_negated(lead)})" if lead else "")
        + f"({_unicode_words(body)})"
        + (f"(?:{_negated(trail)}|$)" if trail else "")
    )


def _negated(char_class: str) -> str:
    inner = _unicode_words(char_class)[1:-1]
    return f"[{inner[1:]}]" if inner.startswith("^") else f"[^{inner}]"


def _unicode_words(pattern: str) -> str:
    r"""`\w` as Python reads it (Unicode letters, digits, underscore); RE2's is ASCII only."""
    out = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escape = pattern[index : index + 2]
            if escape == r"\w":
                out.append(_UNICODE_WORD if in_class else f"[{_UNICODE_WORD}]")
            elif escape == r"\W" and not in_class:
                out.append(f"[^{_UNICODE_WORD}]")
            else:
                out.append(escape)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            if pattern[index + 1 : index + 2] == "^":
                out.append("^")
                index += 1
            if pattern[index + 1 : index + 2] == "]":
                out.append("]")
                index += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        index += 1
    return "".join(out)
