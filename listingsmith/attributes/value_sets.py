"""Closed value sets (value_sets.yaml, built by evals.build_value_sets): per category group and
attribute the values an answer must be one of, and per category its group and the attributes
closed there; other attributes stay free text."""

from __future__ import annotations

from functools import cache

from listingsmith.lexicons import load_data

VALUE_SETS_FILE = "value_sets.yaml"


@cache
def _registry() -> tuple[dict[str, dict[str, tuple[str, ...]]], dict[str, dict[str, object]]]:
    raw = load_data(__package__, VALUE_SETS_FILE, optional=True) or {}
    groups = {
        group: {name.casefold(): tuple(values) for name, values in sets.items()}
        for group, sets in (raw.get("groups") or {}).items()
    }
    categories = {
        category.casefold(): {
            "group": entry["group"],
            "names": frozenset(n.casefold() for n in entry["names"]),
        }
        for category, entry in (raw.get("categories") or {}).items()
    }
    return groups, categories


def value_set(category: str | None, name: str) -> tuple[str, ...] | None:
    """The values attribute `name` of `category` must take (case-insensitive names), or None
    when the attribute is not closed in the category."""
    groups, categories = _registry()
    entry = categories.get((category or "").casefold())
    if entry is None or name.casefold() not in entry["names"]:
        return None
    return groups[str(entry["group"])].get(name.casefold())


def closed_names(category: str | None, names: list[str]) -> list[str]:
    """The asked names that have a closed value set in `category`."""
    return [name for name in names if value_set(category, name) is not None]
