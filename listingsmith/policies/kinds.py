"""Rule kinds by the name a pack's rule gives (`kind:`): the kinds of policies.rules and those
kept in modules of their own. Each takes the text, the rule's params and the listing's context,
and yields (span, values)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

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
from listingsmith.policies.rules import (
    Hit,
    RuleContext,
    banned_characters,
    banned_phrases,
    caps_ratio,
    evidence_claim,
    max_length,
    regex,
    repeated_word,
    required_disclosure,
)

KINDS: dict[str, Callable[[str, dict[str, Any], RuleContext], Iterator[Hit]]] = {
    "banned_phrases": banned_phrases,
    "regex": regex,
    "max_length": max_length,
    "banned_characters": banned_characters,
    "caps_ratio": caps_ratio,
    "repeated_word": repeated_word,
    "evidence_claim": evidence_claim,
    "required_disclosure": required_disclosure,
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
