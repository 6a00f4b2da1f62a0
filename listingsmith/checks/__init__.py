"""Every deterministic check of a listing, put together one way (floor 4: no graph, no model)."""

from listingsmith.checks.listing import Checked, Checks, check_listing, check_pivot
from listingsmith.checks.verdict import Route, listing_route, redraft

__all__ = [
    "Checked",
    "Checks",
    "Route",
    "check_listing",
    "check_pivot",
    "listing_route",
    "redraft",
]
