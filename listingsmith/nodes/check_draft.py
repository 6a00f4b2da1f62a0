"""check_draft: the fact-check of the pivot draft before it is translated, and its verdict."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import content_hash
from listingsmith.checks import check_pivot, redraft
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.state import (
    PivotVerdict,
    ProductState,
    attributes_of,
    dumps,
    pivot_of,
    product_of,
)


@timed("check_draft")
async def check_draft(state: ProductState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Claims the attributes contradict or do not support, and copied prompt examples: an
    invented fact is fixed once in the pivot, not once per locale. Routing reads the verdict."""
    settings = deps_of(runtime).settings
    findings = check_pivot(pivot_of(state), product_of(state), attributes_of(state), settings)
    again = redraft(findings, state.get("draft_attempts", 0), settings.max_attempts)
    verdict: PivotVerdict = "redraft" if again else "translate"
    found = dumps(findings)
    record(
        runtime,
        state,
        "check_draft",
        {"input_hash": content_hash(state["draft"]), "findings": found, "verdict": verdict},
        attempt=state.get("draft_attempts"),
    )
    return {"draft_findings": found, "draft_verdict": verdict}
