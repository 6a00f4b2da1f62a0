"""locale_failed: a locale branch that raised ends as that locale's failed listing, with the
reason; the other locales of the product go on."""

from __future__ import annotations

from typing import Any

from langgraph.errors import NodeError
from langgraph.runtime import Runtime

from listingsmith.config import described
from listingsmith.domain import Listing, ListingRecord, Status
from listingsmith.nodes.deps import Deps, record
from listingsmith.state import LocaleState


def failure_reason(error: BaseException | str) -> str:
    """ "Type: message" of the branch's error (a resumed thread hands it back as that text)."""
    return error if isinstance(error, str) else described(error)


async def locale_failed(
    state: LocaleState, error: NodeError, runtime: Runtime[Deps]
) -> dict[str, Any]:
    """Record the failed listing of this locale only."""
    reason = failure_reason(error.error)
    result = Listing(
        sku=state["product"]["sku"],
        locale=state["locale"],
        listing=None,
        decision=ListingRecord(
            status=Status.FAILED, attempts=state.get("attempts", 0), reason=reason
        ),
    )
    record(runtime, state, "locale.failed", {"reason": reason}, state["locale"])
    return {"results": {state["locale"]: result.model_dump(mode="json")}}
