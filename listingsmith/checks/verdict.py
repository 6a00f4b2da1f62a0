"""What a listing's findings decide: where it goes next. Judged once, by the node that checks;
the node records it in state and the audit log, and routing only reads it."""

from __future__ import annotations

from typing import Literal

from listingsmith.domain import Draft, Finding, Severity

Route = Literal["finalize", "localize", "human_review"]
WHOLE = "*"  # a finding on the whole listing (the model's output failed)


def open_findings(findings: list[Finding]) -> list[Finding]:
    """Findings that stop a text from shipping (block or fix, not yet fixed)."""
    return [f for f in findings if not f.fixed and f.severity is not Severity.WARN]


def is_model_written(listing: Draft, field: str) -> bool:
    """Whether `field` (a name of Draft.fields()) was written by the model."""
    return field == WHOLE or listing.origins.get(field, "model") == "model"


def is_rewritable(listing: Draft, field: str) -> bool:
    """Whether `field` may be written again by the model (or composed from data): the model
    wrote it, or it is a seller's live listing's field that an improving run may rewrite."""
    return is_model_written(listing, field) or listing.origins.get(field) == "live"


def listing_route(
    findings: list[Finding],
    attempts: int,
    max_attempts: int,
    reviewed: bool,
    listing: Draft | None = None,
    sign_off: bool = False,
) -> Route:
    """Clean -> finalize (or a person, when the locale needs a person's `sign_off` and none has
    decided yet); open findings the model may fix (on text it wrote or a live listing's, or no
    `listing` at all) and attempts left -> localize again; else a person. A reviewer's edit
    that still fails goes back to the reviewer."""
    failing = open_findings(findings)
    if not failing:
        return "human_review" if sign_off and not reviewed else "finalize"
    if reviewed or not all(f.fixable for f in failing):
        return "human_review"
    rewritable = listing is None or any(is_rewritable(listing, f.field) for f in failing)
    return "localize" if attempts < max_attempts and rewritable else "human_review"


def redraft(findings: list[Finding], draft_attempts: int, max_attempts: int) -> bool:
    """Whether the pivot draft is written again before translation."""
    return bool(open_findings(findings)) and draft_attempts < max_attempts
