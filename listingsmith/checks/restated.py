"""Whether a text composed from data restates every fact of a model-written text, so that a
locale can take the composed text instead of a translation of the model's."""

from __future__ import annotations

from listingsmith.checks.adequacy import number_problems
from listingsmith.text.claims import extract_claims


def restates(written: str, language: str, composed: str, tolerance: float) -> bool:
    """Whether `composed` states every fact of `written` (in `language`) that the checks read:
    `written` makes at least one claim the fact-check reads and only quantities (no colour,
    material, count, origin, percentage or regulated claim), and `composed` keeps each of its
    quantities (by value, in any unit) and bare numbers as a translation must (adequacy)."""
    claims = extract_claims(written, language)
    if not claims or not composed.strip() or any(c.quantity is None for c in claims):
        return False
    return not number_problems("description", written, composed, tolerance)
