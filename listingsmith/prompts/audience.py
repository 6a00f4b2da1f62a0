"""Audiences as data (`audiences/*.yaml`): who a listing variant is written for and how."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field


class AudienceLength(BaseModel):
    """How long a variant for the audience is: bullets and description sentences at most."""

    model_config = ConfigDict(extra="forbid")

    bullets: int = Field(ge=1, le=10)
    description_sentences: int = Field(ge=1, le=10)


class Audience(BaseModel):
    """A shopper to frame a listing for: the facts stay, the tone, lead and length change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,31}$")
    label: str
    shopper: str
    tone: str
    lead_with: tuple[str, ...] = ()
    length: AudienceLength


class UnknownAudienceError(ValueError):
    """An audience name that no `audiences/*.yaml` defines."""


@cache
def audiences() -> dict[str, Audience]:
    """Every shipped audience by name."""
    folder = resources.files(__package__).joinpath("audiences")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            audience = Audience.model_validate(yaml.safe_load(entry.read_text(encoding="utf-8")))
            found[audience.name] = audience
    return found


def parse_audiences(names: str) -> list[Audience]:
    """The audiences of a comma-separated list ("gift,pro"), in order, each once; an unknown
    name is refused with the known ones."""
    known = audiences()
    chosen: list[Audience] = []
    for name in (part.strip().lower() for part in names.split(",")):
        if not name:
            continue
        if name not in known:
            raise UnknownAudienceError(
                f"unknown audience {name!r}: known are {', '.join(sorted(known))}"
            )
        if known[name] not in chosen:
            chosen.append(known[name])
    if not chosen:
        raise UnknownAudienceError(f"no audience named: known are {', '.join(sorted(known))}")
    return chosen
