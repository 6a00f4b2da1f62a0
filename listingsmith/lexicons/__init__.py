"""Multilingual lexicons (colours, materials, units) kept as YAML data, and their loader."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def load(name: str) -> dict:
    """The parsed YAML lexicon `name` (e.g. "colors") shipped in this package."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)[name]


@cache
def load_extra(name: str, key: str) -> list:
    """A secondary list `key` of lexicon file `name` (e.g. the ambiguous unit forms)."""
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text).get(key, [])


def surface_forms(name: str, language: str) -> dict[str, str]:
    """The surface forms of a term lexicon (colors, materials) in one language -> canonical term.
    Languages are kept apart: French "or" (gold) must not match English "or"."""
    return {
        form.lower(): canonical
        for canonical, by_language in load(name).items()
        for form in by_language.get(language, [])
    }
