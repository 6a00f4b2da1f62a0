"""Request bodies of the JSON API, apart from the routes that take them."""

from typing import Any

from pydantic import BaseModel, Field

from listingsmith.domain import Draft, LocaleTags


class JobRequest(BaseModel):
    """A batch: products (catalogue records) and target locales."""

    products: list[dict[str, Any]] = Field(min_length=1)
    locales: LocaleTags = Field(min_length=1)
    tenant: str | None = None  # admin only: whose batch it is


class DecisionRequest(BaseModel):
    """A reviewer's decision; the reviewer is the caller."""

    action: str
    reason: str | None = None
    listing: Draft | None = None
