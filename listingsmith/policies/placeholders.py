"""Placeholder values ("n/a", "TBD", "see packaging") that fill a required field without stating
the information: the disclosure kinds read them as missing."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from listingsmith.text.reader import read

_STRIP = " \t\r\n.:;,!*_'\"()[]"


@cache
def _placeholders() -> frozenset[str]:
    data = yaml.safe_load((Path(__file__).with_name("placeholders.yaml")).read_text("utf-8"))
    return frozenset(str(value).casefold().strip(_STRIP) for value in data["values"])


def _states(text: str) -> bool:
    return bool(text) and text not in _placeholders() and text.strip("-–—?/x ") != ""


def stated(value: object) -> bool:
    """Whether an attribute value states something (not empty, not a placeholder), as written
    and as a reader sees it: a placeholder disguised as claims are ("N\u200b/A", "Ｎ／Ａ",
    "no&nbsp;disponible", a look-alike or soft-hyphened letter) is still a placeholder."""
    if value is None or value is False:
        return False
    written = str(value)
    if not _states(written.casefold().strip(_STRIP)):
        return False
    if written.isascii() and "&" not in written:
        return True
    reading = read(written)
    return _states(reading.text.strip(_STRIP)) and _states(reading.words.strip(_STRIP))
