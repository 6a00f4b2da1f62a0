"""Every deterministic check of a listing, put together one way (floor 4: no graph, no model)."""

from listingsmith.checks.fallback import replaceable, with_fallback
from listingsmith.checks.listing import Checked, Checks, check_listing, check_pivot
from listingsmith.checks.verdict import (
    Route,
    is_model_written,
    listing_route,
    open_findings,
    redraft,
)

__all__ = [
    "Checked",
    "Checks",
    "Route",
    "check_listing",
    "check_pivot",
    "is_model_written",
    "listing_route",
    "open_findings",
    "redraft",
    "replaceable",
    "with_fallback",
]
