"""finalize: the locale's listing and its decision record."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import content_hash
from listingsmith.domain import Finding, Listing, ListingRecord, Severity, Status
from listingsmith.nodes.deps import Deps, record, timed
from listingsmith.nodes.live import field_changes
from listingsmith.nodes.memory import remember_reviewed
from listingsmith.state import (
    LocaleState,
    dumps,
    findings_of,
    listing_of,
    live_of,
    suggestions_of,
    variant_of,
)


def decide_status(state: LocaleState) -> Status:
    """approved: clean first time or approved by a reviewer; fixed: clean after fixes or retries;
    rejected: a reviewer said no."""
    human = state.get("human")
    if human and human["action"] == "reject":
        return Status.REJECTED
    if human and human["action"] == "approve":
        return Status.APPROVED
    history = findings_of(state, "draft_history") + findings_of(state, "history")
    # Disclosures the law requires (appended by code from the seller's data) are routine.
    clean = not any(f.severity is not Severity.WARN and f.fix != "append" for f in history)
    return Status.APPROVED if clean and state.get("attempts", 1) == 1 else Status.FIXED


def decision_findings(state: LocaleState) -> list[Finding]:
    """Every finding of every attempt; one the shipped text no longer has (a retry, a fix or
    the fallback resolved it) is marked fixed, what the last check still found stays open."""
    last = {_key(f) for f in findings_of(state) if not f.fixed}
    history = findings_of(state, "draft_history") + findings_of(state, "history")
    return [
        f if f.fixed or _key(f) in last else f.model_copy(update={"fixed": True}) for f in history
    ]


def _key(finding: Finding) -> tuple[Any, ...]:
    return (finding.rule_id, finding.field, finding.span, finding.message)


def node_seconds(timings: list[tuple[str, float]]) -> dict[str, float]:
    """Seconds this locale branch spent in each node, over all its attempts."""
    totals: dict[str, float] = {}
    for node, seconds in timings:
        totals[node] = round(totals.get(node, 0.0) + seconds, 4)
    return totals


@timed("finalize")
async def finalize(state: LocaleState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Record the listing that ships (or not) with why."""
    meta = state.get("meta") or {}
    human = state.get("human") or {}
    status = decide_status(state)
    listing, live = listing_of(state), live_of(state)
    if listing is not None and status is not Status.REJECTED:
        remember_reviewed(runtime, state, listing)
    result = Listing(
        sku=state["product"]["sku"],
        locale=state["locale"],
        listing=listing if status is not Status.REJECTED else None,
        decision=ListingRecord(
            status=status,
            attempts=state.get("attempts", 0),
            findings=decision_findings(state),
            model_id=meta.get("model_id"),
            prompt_hash=meta.get("prompt_hash"),
            reviewer=human.get("reviewer"),
            reason=human.get("reason"),
            packs=state.get("packs", []),
            timings=node_seconds(state.get("timings", [])),
            changes=field_changes(live, listing) if live and listing else [],
        ),
        variant=variant_of(state, state["locale"]),
        suggestions=suggestions_of(state),
    )
    record(
        runtime,
        state,
        "finalize",
        {
            "status": status.value,
            "output_hash": content_hash(result.listing.model_dump()) if result.listing else None,
            # Which fields were composed from data and which the model (or a person) wrote.
            "origins": result.listing.origins if result.listing else {},
            "reviewer": human.get("reviewer"),
            "model_id": meta.get("model_id"),
            "packs": state.get("packs", []),
            "changes": dumps(result.decision.changes),
        },
        state["locale"],
        state.get("attempts"),
    )
    return {"results": {state["locale"]: result.model_dump(mode="json")}}
