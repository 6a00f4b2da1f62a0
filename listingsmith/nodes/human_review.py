"""human_review: hold the listing for a reviewer (LangGraph interrupt) and take the decision; the
held listing every reader (runner, review store, API) sees is built here from the interrupt."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self

from langgraph.runtime import Runtime
from langgraph.types import interrupt
from pydantic import BaseModel, ValidationError, model_validator

from listingsmith.audit.log import content_hash
from listingsmith.checks.verdict import open_findings
from listingsmith.domain import Draft, Listing, ListingRecord, Origin, Status
from listingsmith.nodes.deps import Deps, record, timed
from listingsmith.state import LocaleState, findings_of, listing_of, suggestions_of, variant_of


class DecisionBody(BaseModel):
    """What a reviewer decides: an edit carries the listing (checked again before it ships), a
    rejection its reason, and only an edit carries a listing."""

    action: Literal["approve", "reject", "edit"]
    reason: str | None = None
    listing: Draft | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.action == "edit" and self.listing is None:
            raise ValueError("an edit needs the edited listing")
        if self.action != "edit" and self.listing is not None:
            raise ValueError(f"{self.action} takes no listing (send an edit to change it)")
        if self.action == "reject" and not (self.reason or "").strip():
            raise ValueError("a rejection needs a reason")
        return self


class ReviewDecision(DecisionBody):
    """A reviewer's decision on a held listing, with who made it."""

    reviewer: str

    @model_validator(mode="after")
    def _named(self) -> Self:
        if not self.reviewer.strip():
            raise ValueError("a decision needs the reviewer's name")
        return self


def decision_problem(error: ValidationError) -> str:
    """A refused decision in one line: each problem with the field it is about."""
    problems = []
    for detail in error.errors(include_url=False):
        where = ".".join(str(part) for part in detail["loc"])
        message = str(detail.get("ctx", {}).get("error", detail["msg"]))
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)


def held_payload(state: LocaleState) -> dict[str, Any]:
    """What the reviewer sees of a held listing: the interrupt's value."""
    meta = state.get("meta") or {}
    return {
        "sku": state["product"]["sku"],
        "locale": state["locale"],
        "listing": state.get("listing"),
        "findings": state.get("findings", []),
        "conflicts": state.get("conflicts", []),
        "attributes": state.get("attributes", []),  # the product facts, each with its source
        "suggestions": state.get("suggestions", []),  # inferred values, for a person to confirm
        "attempts": state.get("attempts", 0),
        "model_id": meta.get("model_id"),
        "prompt_hash": meta.get("prompt_hash"),
        "packs": state.get("packs", []),
        "variant": tag.model_dump() if (tag := variant_of(state, state["locale"])) else None,
        "live": state.get("live"),  # the live listing a run in improve mode started from
        "previous": state.get("previous"),  # the attempt before, for the diff between them
        "sign_off": not open_findings(findings_of(state)),  # held only for a person's sign-off
    }


def held_listing(payload: Mapping[str, Any]) -> Listing:
    """The held listing an interrupt's value stands for (status held, with why)."""
    return Listing(
        sku=payload["sku"],
        locale=payload["locale"],
        listing=listing_of(payload),
        decision=ListingRecord(
            status=Status.HELD,
            attempts=payload.get("attempts", 0),
            findings=findings_of(payload),
            model_id=payload.get("model_id"),
            prompt_hash=payload.get("prompt_hash"),
            packs=payload.get("packs", []),
        ),
        variant=payload.get("variant"),
        suggestions=suggestions_of(payload),
    )


@timed("human_review")
async def human_review(state: LocaleState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Pause the thread until a reviewer decides; the payload is what the reviewer sees. A
    decision that does not validate holds the listing again (with why) instead of failing the
    thread, so no decision can wedge it."""
    payload = held_payload(state)
    answer = interrupt(payload)
    while True:
        try:
            decision = ReviewDecision.model_validate(answer)
            break
        except ValidationError as error:
            answer = interrupt({**payload, "refused": decision_problem(error)})
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
    if decision.listing is not None:
        edited = reviewer_origins(listing_of(state), decision.listing)
        update["listing"] = edited.model_dump(mode="json")
    return update


def reviewer_origins(before: Draft | None, edit: Draft) -> Draft:
    """The reviewer's edit with the fields they changed marked as theirs; unchanged fields keep
    who wrote them (what the edit itself claims about origins is ignored)."""
    old = before.fields() if before else {}
    origins: dict[str, Origin] = {}
    for name, text in edit.fields().items():
        if old.get(name) != text:
            origins[name] = "reviewer"
        elif before is not None and name in before.origins:
            origins[name] = before.origins[name]
    return edit.model_copy(update={"origins": origins})
