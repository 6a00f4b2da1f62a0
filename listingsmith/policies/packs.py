"""Load policy packs and select the rules that apply to a locale, marketplace and field."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from listingsmith.domain import Severity


class Scope(BaseModel):
    """Where a rule applies; "*" means everywhere."""

    locales: list[str] = ["*"]
    categories: list[str] = ["*"]
    fields: list[str] = ["*"]

    def covers(self, locale: str, category: str | None, field: str) -> bool:
        """Whether (locale, category, field) is in scope; bullets[i] matches "bullets"."""
        base_field = field.split("[", 1)[0]
        return (
            _any(self.locales, locale)
            and _any(self.categories, category or "")
            and _any(self.fields, base_field)
        )


class Examples(BaseModel):
    """Texts in the rule's language that must fire, and texts that must not."""

    fire: list[str] = []
    pass_: list[str] = Field(default=[], alias="pass")


class Rule(BaseModel):
    """One rule of a pack: what it checks, where, how bad a hit is and how to fix it."""

    id: str
    title: str
    citation: str
    scope: Scope = Scope()
    kind: str
    params: dict[str, Any] = {}
    severity: Severity
    fix: Literal["delete", "truncate", "rewrite"]
    message: str
    examples: Examples = Examples()


class Pack(BaseModel):
    """A marketplace's or jurisdiction's rules, versioned."""

    pack: str
    version: str
    title: str
    marketplaces: list[str] = ["*"]
    rules: list[Rule]


@cache
def load_packs() -> tuple[Pack, ...]:
    """Every pack shipped in policies/packs/."""
    folder = resources.files(__package__).joinpath("packs")
    return tuple(
        Pack(**yaml.safe_load(item.read_text(encoding="utf-8")))
        for item in sorted(folder.iterdir(), key=lambda p: p.name)
        if item.name.endswith(".yaml")
    )


def packs_for(marketplace: str) -> list[Pack]:
    """The packs that apply to a marketplace."""
    return [p for p in load_packs() if _any(p.marketplaces, marketplace)]


def _any(allowed: list[str], value: str) -> bool:
    return "*" in allowed or value in allowed
