"""Sizes in a text: shoe sizes (10 M US, EU 42), clothing sizes (XL, One Size), dimensions."""

from __future__ import annotations

import re
from functools import cache

from listingsmith.lexicons import load_data
from listingsmith.text.quantities import normalize
from listingsmith.text.spans import Span

SIZE_KINDS = ("shoe", "clothing", "dimensions")


@cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    raw = load_data(__package__, "sizes.yaml")["sizes"]
    return {kind: [re.compile(p, re.IGNORECASE) for p in raw[kind]] for kind in SIZE_KINDS}


def find_sizes(text: str, kinds: tuple[str, ...] = SIZE_KINDS) -> list[Span]:
    """Every size of the given kinds in `text`, in text order."""
    text = normalize(text)
    found = {
        match.span(): Span(match.group(), match.span())
        for kind in kinds
        for pattern in _patterns()[kind]
        for match in pattern.finditer(text)
    }
    return [found[span] for span in sorted(found)]
