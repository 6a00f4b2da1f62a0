"""Request bodies of the JSON API, apart from the routes that take them."""

from typing import Any

from pydantic import BaseModel, Field, model_validator

from listingsmith.domain import LocaleTags
from listingsmith.nodes.human_review import DecisionBody
from listingsmith.prompts.audience import parse_audiences
from listingsmith.prompts.framing import MAX_VARIANTS, MIN_VARIANTS, Framing, plan_framings


def job_framings(audiences: str | None, variants: int | None) -> list[Framing]:
    """A job's variants from its audience names ("gift,pro") and variant count; ValueError
    naming what is wrong (an unknown audience, a count out of range)."""
    return plan_framings(parse_audiences(audiences) if audiences else [], variants)


class JobRequest(BaseModel):
    """A batch: products (catalogue records) and target locales; optionally the variants each
    listing gets (one per audience, and/or N lettered ones)."""

    products: list[dict[str, Any]] = Field(min_length=1)
    locales: LocaleTags = Field(min_length=1)
    tenant: str | None = None  # admin only: whose batch it is
    audiences: list[str] = Field(default_factory=list, max_length=8)
    variants: int | None = Field(default=None, ge=MIN_VARIANTS, le=MAX_VARIANTS)

    @model_validator(mode="after")
    def _known(self) -> "JobRequest":
        self.framings()
        return self

    def framings(self) -> list[Framing]:
        """The variants of every listing of the batch (none: one per locale)."""
        return job_framings(",".join(self.audiences) or None, self.variants)


class DecisionRequest(DecisionBody):
    """A reviewer's decision, complete before anything is resumed; the reviewer is the caller."""

    # The held listing's interrupt id as the reviewer saw it (the queue's `interrupt_id`): when
    # the listing has moved on since, the decision is refused with 409 instead of applied.
    seen: str | None = None
