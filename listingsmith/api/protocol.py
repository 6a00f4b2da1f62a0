"""Request bodies of the JSON API, apart from the routes that take them."""

from typing import Any

from pydantic import BaseModel, Field

from listingsmith.domain import LocaleTags
from listingsmith.nodes.human_review import DecisionBody


class JobRequest(BaseModel):
    """A batch: products (catalogue records) and target locales."""

    products: list[dict[str, Any]] = Field(min_length=1)
    locales: LocaleTags = Field(min_length=1)
    tenant: str | None = None  # admin only: whose batch it is


class DecisionRequest(DecisionBody):
    """A reviewer's decision, complete before anything is resumed; the reviewer is the caller."""

    # The held listing's interrupt id as the reviewer saw it (the queue's `interrupt_id`): when
    # the listing has moved on since, the decision is refused with 409 instead of applied.
    seen: str | None = None
