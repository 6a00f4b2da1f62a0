"""Verdicts for claims against the attribute set, and the findings they raise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pint

from listingsmith.attributes.quantities import Quantity, find_quantities, parse_number
from listingsmith.attributes.terms import find_terms
from listingsmith.domain import Attribute, Draft, Finding, Severity
from listingsmith.facts.claims import TERM_KINDS, Claim, extract_claims
from listingsmith.locale.tags import language_of


class Verdict(StrEnum):
    """How the attribute set stands to a claim."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class ClaimCheck:
    """A claim, its verdict, and the attribute that decided it (if any)."""

    claim: Claim
    verdict: Verdict
    evidence: str | None


def attribute_quantities(attributes: list[Attribute]) -> list[tuple[Quantity, Attribute]]:
    """Every quantity stated by an attribute (in its value, or value + unit)."""
    found = []
    for attribute in attributes:
        quantities = find_quantities(attribute.value)
        if not quantities and attribute.unit:
            try:
                value = parse_number(attribute.value)
            except ValueError:
                continue
            quantities = [
                Quantity(value, attribute.unit, attribute.value, (0, len(attribute.value)))
            ]
        found += [(q, attribute) for q in quantities]
    return found


def verify_claim(
    claim: Claim, attributes: list[Attribute], rel_tolerance: float, source_language: str
) -> ClaimCheck:
    """Supported if an attribute states it; contradicted if same-kind attributes say otherwise.
    Attribute values are read in the product's own (source) language."""
    if claim.quantity is not None:
        return _verify_quantity(claim, attributes, rel_tolerance)
    lexicon = TERM_KINDS[claim.kind]
    stated = {
        term.canonical: a
        for a in attributes
        for term in find_terms(a.value, lexicon, source_language)
    }
    if claim.term in stated:
        return ClaimCheck(claim, Verdict.SUPPORTED, _describe(stated[claim.term]))
    if any(a.name.lower() == claim.kind for a in attributes if a.source == "seller"):
        known = ", ".join(sorted(stated)) or "another value"
        return ClaimCheck(claim, Verdict.CONTRADICTED, known)
    return ClaimCheck(claim, Verdict.UNSUPPORTED, None)


def _verify_quantity(claim: Claim, attributes: list[Attribute], rel_tolerance: float) -> ClaimCheck:
    quantity = claim.quantity
    assert quantity is not None
    same_dimension = [
        (q, a) for q, a in attribute_quantities(attributes) if q.dimension == quantity.dimension
    ]
    for stated, attribute in same_dimension:
        try:
            expected = stated.magnitude_in(quantity.unit)
        except pint.DimensionalityError:
            continue
        if abs(expected - quantity.value) <= rel_tolerance * max(abs(expected), 1e-9):
            return ClaimCheck(claim, Verdict.SUPPORTED, _describe(attribute))
    if same_dimension:
        known = " or ".join(sorted({_describe(a) for _, a in same_dimension}))
        return ClaimCheck(claim, Verdict.CONTRADICTED, known)
    return ClaimCheck(claim, Verdict.UNSUPPORTED, None)


def fact_findings(
    draft: Draft,
    attributes: list[Attribute],
    locale: str,
    rel_tolerance: float,
    source_language: str,
) -> list[Finding]:
    """A finding for every claim in the listing that the attributes contradict or do not support."""
    findings = []
    for field, text in draft.fields().items():
        for claim in extract_claims(text, language_of(locale)):
            check = verify_claim(claim, attributes, rel_tolerance, source_language)
            if check.verdict is Verdict.SUPPORTED:
                continue
            findings.append(_finding(check, field, locale))
    return findings


def _finding(check: ClaimCheck, field: str, locale: str) -> Finding:
    claim = check.claim
    if check.verdict is Verdict.CONTRADICTED:
        return Finding(
            rule_id=f"fact.{claim.kind}.contradicted",
            severity=Severity.BLOCK,
            locale=locale,
            field=field,
            span=claim.span,
            message=f'the text says "{claim.surface}"; the product data says {check.evidence}',
            suggested_fix=f'replace "{claim.surface}" with the value from the product data',
        )
    return Finding(
        rule_id=f"fact.{claim.kind}.unsupported",
        severity=Severity.FIX,
        locale=locale,
        field=field,
        span=claim.span,
        message=f'the text says "{claim.surface}" but the product data does not state it',
        suggested_fix=f'remove "{claim.surface}"',
    )


def _describe(attribute: Attribute) -> str:
    """How the product data states a value: the seller's words or the text it was found in."""
    return f'"{attribute.evidence or attribute.value}"'
