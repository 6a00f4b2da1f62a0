"""Request bodies of the JSON API, apart from the routes that take them."""

from typing import Any, Literal, Self

from pydantic import BaseModel, Field, model_validator

from listingsmith.domain import Draft, LocaleTags


class JobRequest(BaseModel):
    """A batch: products (catalogue records) and target locales."""

    products: list[dict[str, Any]] = Field(min_length=1)
    locales: LocaleTags = Field(min_length=1)
    tenant: str | None = None  # admin only: whose batch it is


class DecisionRequest(BaseModel):
    """A reviewer's decision, complete before anything is resumed; the reviewer is the caller."""

    action: Literal["approve", "reject", "edit"]
    reason: str | None = None
    listing: Draft | None = None
    # The held listing's interrupt id as the reviewer saw it (the queue's `interrupt_id`): when
    # the listing has moved on since, the decision is refused with 409 instead of applied.
    seen: str | None = None

    @model_validator(mode="after")
    def complete(self) -> Self:
        """An edit carries the edited listing, a rejection its reason."""
        if self.action == "edit" and self.listing is None:
            raise ValueError("an edit needs the edited listing")
        if self.action == "reject" and not (self.reason or "").strip():
            raise ValueError("a rejection needs a reason")
        return self
