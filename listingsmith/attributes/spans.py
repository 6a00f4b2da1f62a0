"""A piece of text found by an extractor, with its character span."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Text as written and where it is (offsets into the NFKC-normalised text)."""

    surface: str
    span: tuple[int, int]
