"""Rule kinds kept in modules of their own, registered in rules.KINDS."""

from __future__ import annotations

from listingsmith.policies.compositions import composition_disclosure
from listingsmith.policies.contacts import contact_details
from listingsmith.policies.coverage import language_coverage
from listingsmith.policies.disclosure_language import disclosure_language
from listingsmith.policies.disclosures import (
    conditional_disclosure,
    disclosure_or_text,
    required_attributes,
)
from listingsmith.policies.fibres import fibre_claims
from listingsmith.policies.origin import origin_statement
from listingsmith.policies.pairs import paired_claim

EXTRA_KINDS = {
    "composition_disclosure": composition_disclosure,
    "contact_details": contact_details,
    "language_coverage": language_coverage,
    "conditional_disclosure": conditional_disclosure,
    "disclosure_language": disclosure_language,
    "disclosure_or_text": disclosure_or_text,
    "required_attributes": required_attributes,
    "fibre_claims": fibre_claims,
    "origin_statement": origin_statement,
    "paired_claim": paired_claim,
}
