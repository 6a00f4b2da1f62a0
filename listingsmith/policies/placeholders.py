"""Placeholder values ("n/a", "TBD", "see packaging") that fill a required field without stating
the information: the disclosure kinds read them as missing."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

_STRIP = " \t\r\n.:;,!*_'\"()[]"


@cache
def _placeholders() -> frozenset[str]:
    data = yaml.safe_load((Path(__file__).with_name("placeholders.yaml")).read_text("utf-8"))
    return frozenset(str(value).casefold().strip(_STRIP) for value in data["values"])


def stated(value: object) -> bool:
    """Whether an attribute value states something (not empty, not a placeholder)."""
    if value is None or value is False:
        return False
    text = str(value).casefold().strip(_STRIP)
    return bool(text) and text not in _placeholders() and text.strip("-–—?/x ") != ""
