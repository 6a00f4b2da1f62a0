"""Multilingual lexicons (colours, materials, units) kept as YAML data, and the one loader of
every YAML data file shipped beside the code."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's parser where PyYAML was built with it (the same safe constructor, the same data:
# every YAML file shipped here loads equal under both), about 7 times faster than the pure
# Python one: the brand lexicon (about 150 ms in Python) is read when a listing first names a
# brand, inside the first `policies check` lines of a process.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_data(package: str, name: str, *, optional: bool = False) -> Any:
    """The parsed YAML file `name` beside the code of `package` (e.g. "listingsmith.locale",
    "conventions.yaml"); None when it is `optional` and absent. Shared: never mutate it."""
    path = resources.files(package).joinpath(name)
    if optional and not path.is_file():
        return None
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def load(name: str) -> dict:
    """The parsed YAML lexicon `name` (e.g. "colors") shipped in this package."""
    return load_data(__package__, f"{name}.yaml")[name]


def load_extra(name: str, key: str) -> list:
    """A secondary list `key` of lexicon file `name` (e.g. the ambiguous unit forms)."""
    return load_data(__package__, f"{name}.yaml").get(key, [])


DEFAULT_LABEL_SEPARATOR = ": "


def label_separator(language: str) -> str:
    """What stands between a label and its value in a line of `language` (locales.yaml)."""
    separators = load_data(__package__, "locales.yaml")["label_separators"]
    return separators.get(language, DEFAULT_LABEL_SEPARATOR)


def surface_forms(name: str, language: str) -> dict[str, str]:
    """The surface forms of a term lexicon (colors, materials) in one language -> canonical term.
    Languages are kept apart: French "or" (gold) must not match English "or"."""
    return {
        form.lower(): canonical
        for canonical, by_language in load(name).items()
        for form in by_language.get(language, [])
    }
