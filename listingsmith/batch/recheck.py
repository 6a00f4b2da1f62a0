"""An update run's kept listings checked again by today's policy packs: a listing approved
under older rules is redone when a rule now blocks it or asks for a fix that its record never
had (a new law, an edited pack), instead of being kept as it was."""

from __future__ import annotations

from listingsmith.attributes.fusion import fuse
from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import Settings
from listingsmith.domain import Listing, Product, Severity, Status

# Statuses a person or the checks settled for good: a held listing waits for its reviewer, a
# rejected one stays rejected; only what ships is checked again.
SHIPPED = (Status.APPROVED, Status.FIXED)
RAISED = (Severity.BLOCK, Severity.FIX)


def new_rules(
    listing: Listing, product: Product, settings: Settings, category_id: str | None = None
) -> list[str]:
    """The rules of today's packs that block the kept listing or ask for a fix, and that its
    record does not name: none for a listing that still passes, or one that does not ship.
    `category_id`: the taxonomy category its run's checks read (food is outside the GPSR)."""
    if listing.listing is None or listing.decision.status not in SHIPPED:
        return []
    attributes, _ = fuse(seller_attributes(product) + text_attributes(product))
    findings, _ = check_listing(
        listing.listing,
        product,
        attributes,
        listing.locale,
        settings,
        checks=Checks.POLICIES,
        category_id=category_id,
    )
    known = {finding.rule_id for finding in listing.decision.findings}
    return sorted({f.rule_id for f in findings if f.severity in RAISED and f.rule_id not in known})
