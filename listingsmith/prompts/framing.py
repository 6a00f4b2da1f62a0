"""A listing variant's framing (`run --audiences` / `--variants`): its id, its audience and its
seed, and the experiment its variants share. The facts never change with the framing."""

from __future__ import annotations

import hashlib
import string

from pydantic import BaseModel, ConfigDict, Field

from listingsmith.domain import VariantTag
from listingsmith.prompts import load_prompt
from listingsmith.prompts.audience import Audience, audiences

# `--variants N`: at least two (an experiment), at most five (traffic splits thin).
MIN_VARIANTS, MAX_VARIANTS = 2, 5
# A variant's seeds are its index times this, plus the attempt: attempts never reach it.
SEED_STRIDE = 100


class Framing(BaseModel):
    """How one variant of a listing is framed: for an audience (or none), with its own seeds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    variant_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$")
    audience: str | None = None
    index: int = Field(default=0, ge=0)  # the variant's place among its audience's: A=0, B=1

    @property
    def seed_offset(self) -> int:
        """Added to every sampling seed of this variant, so variants differ deterministically."""
        return self.index * SEED_STRIDE

    def audience_of(self) -> Audience | None:
        """The audience framed for, from the shipped audiences."""
        return audiences()[self.audience] if self.audience else None


def plan_framings(chosen: list[Audience], variants: int | None) -> list[Framing]:
    """The variants of every listing: one per audience ("gift"), N lettered ones ("A", "B"),
    or N per audience ("gift-A"); none without either (an ordinary run)."""
    if variants is not None and not MIN_VARIANTS <= variants <= MAX_VARIANTS:
        raise ValueError(f"variants: {variants} is not in {MIN_VARIANTS}..{MAX_VARIANTS}")
    letters = string.ascii_uppercase[: variants or 0]
    names: list[str | None] = [a.name for a in chosen] or [None]
    if not letters:
        return [Framing(variant_id=name, audience=name) for name in names if name]
    return [
        Framing(variant_id=f"{name}-{letter}" if name else letter, audience=name, index=index)
        for name in names
        for index, letter in enumerate(letters)
    ]


def experiment_id(run_id: str, sku: str, locale: str) -> str:
    """The experiment of one listing's variants: one per (run, sku, locale)."""
    digest = hashlib.sha256(f"{run_id}|{sku}|{locale}".encode()).hexdigest()
    return f"exp-{digest[:12]}"


def variant_tag(run_id: str, sku: str, locale: str, framing: Framing | None) -> VariantTag | None:
    """The tag a variant's listing carries (None on an ordinary listing)."""
    if framing is None:
        return None
    return VariantTag(
        experiment_id=experiment_id(run_id, sku, locale),
        variant_id=framing.variant_id,
        audience=framing.audience,
    )


def audience_instruction(framing: Framing | None) -> str:
    """The draft prompt's line framing the description for the audience ("" for none): the
    only framing the model gets; bullet order and count and the description's length are
    applied by code."""
    audience = framing.audience_of() if framing else None
    if audience is None:
        return ""
    return string.Template(load_prompt("draft")["audience"]).substitute(
        label=audience.label.lower(), tone=audience.tone
    )


def audience_markers() -> list[str]:
    """Words that only the audience line says: its own and every audience's tone. A listing
    that says them copied the prompt."""
    return [*load_prompt("draft")["audience_markers"], *(a.tone for a in audiences().values())]
