"""A piece of text found by an extractor, with its character span."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Text as written and where it is (offsets into the NFKC-normalised text)."""

    surface: str
    span: tuple[int, int]


def nfkc_origins(text: str) -> list[int] | None:
    """For each offset into NFKC(text), the offset in `text` it comes from (plus one for the end):
    extractors match on NFKC text, where "½", "ﬁ" or "㎏" grow, so their spans shift. Each
    character is normalised with the combining marks after it (e + accent -> é); None in the
    rare text where that differs from normalising the whole."""
    origins: list[int] = []
    pieces = []
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and unicodedata.combining(text[end]):
            continue  # a combining mark stays with the character before it
        piece = unicodedata.normalize("NFKC", text[start:end])
        pieces.append(piece)
        origins += [start] * len(piece)
        start = end
    if "".join(pieces) != unicodedata.normalize("NFKC", text):
        return None
    return [*origins, len(text)]


def original_span(origins: list[int], span: tuple[int, int]) -> tuple[int, int] | None:
    """A span of the NFKC text as a span of the text it was normalised from; None where it
    starts or ends inside what one character became (the "4" of "¼" -> "1⁄4")."""
    start, end = span
    cuts_start = 0 < start < len(origins) - 1 and origins[start - 1] == origins[start]
    cuts_end = 0 < end < len(origins) - 1 and origins[end - 1] == origins[end]
    if cuts_start or cuts_end:
        return None
    return origins[start], origins[end]
