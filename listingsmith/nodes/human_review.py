"""human_review: hold the listing for a reviewer (LangGraph interrupt) and take the decision."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt
from pydantic import BaseModel

from listingsmith.audit.log import content_hash
from listingsmith.domain import Draft
from listingsmith.nodes.deps import Deps, record, timed
from listingsmith.state import LocaleState


class ReviewDecision(BaseModel):
    """A reviewer's decision on a held listing; an edit is checked again before it ships."""

    action: Literal["approve", "reject", "edit"]
    reviewer: str
    reason: str | None = None
    listing: Draft | None = None


@timed("human_review")
async def human_review(state: LocaleState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Pause the thread until a reviewer decides; the payload is what the reviewer sees."""
    answer = interrupt(
        {
            "sku": state["product"]["sku"],
            "locale": state["locale"],
            "listing": state.get("listing"),
            "findings": state.get("findings", []),
            "conflicts": state.get("conflicts", []),
            "attempts": state.get("attempts", 0),
            "model_id": (state.get("meta") or {}).get("model_id"),
            "prompt_hash": (state.get("meta") or {}).get("prompt_hash"),
            "packs": state.get("packs", []),
        }
    )
    decision = ReviewDecision.model_validate(answer)
    record(
        runtime,
        state,
        "human_review",
        {
            "reviewer": decision.reviewer,
            "action": decision.action,
            "reason": decision.reason,
            "input_hash": content_hash(state.get("listing")),
            "edit_hash": content_hash(decision.listing.model_dump()) if decision.listing else None,
        },
        state["locale"],
        state.get("attempts"),
    )
    update: dict[str, Any] = {"human": decision.model_dump(mode="json")}
    if decision.action == "edit":
        if decision.listing is None:
            raise ValueError("an edit decision needs the edited listing")
        update["listing"] = decision.listing.model_dump(mode="json")
    return update
