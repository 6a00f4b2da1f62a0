"""The policy check's limits (limits.yaml beside this file)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _limits() -> dict[str, int]:
    text = resources.files(__package__).joinpath("limits.yaml").read_text(encoding="utf-8")
    return {key: int(value) for key, value in yaml.safe_load(text).items()}


def field_max_chars() -> int:
    """The longest field the rules scan."""
    return _limits()["field_max_chars"]


def max_hits_per_field() -> int:
    """The most spans one rule reports in one field."""
    return _limits()["max_hits_per_field"]
