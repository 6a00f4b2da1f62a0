"""Verdicts for a listing's claims against the attribute set, and the findings they raise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pint

from listingsmith.attributes.fusion import product_facts
from listingsmith.domain import Attribute, Draft, Finding, Severity
from listingsmith.facts.fit import outside_category_findings
from listingsmith.lexicons import load
from listingsmith.text.claims import (
    REGULATED_CLASSES,
    TERM_KINDS,
    Claim,
    country_of,
    extract_claims,
)
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import Quantity, find_quantities, parse_number
from listingsmith.text.spans import nfkc_origins, original_span
from listingsmith.text.terms import find_terms

ORIGIN_NAMES = frozenset(
    {
        "origin",
        "country of origin",
        "made in",
        "manufactured in",
        "herkunftsland",
        "ursprungsland",
        "pays d'origine",
    }
)
# Attribute names whose bare number is a count (compose/names.yaml's count aliases among them:
# the composed text words "Pack Quantity: 50" as "lot de 50", which must read as the source's 50).
COUNT_NAMES = frozenset(
    {
        "count",
        "pieces",
        "number of pieces",
        "pack size",
        "pack quantity",
        "pack count",
        "quantity",
        "unit count",
        "item count",
        "number of items",
        "stück",
    }
)
FALSE_VALUES = frozenset({"no", "false", "0", "none", "n/a", "nein", "non"})


class Verdict(StrEnum):
    """How the attribute set stands to a claim."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class ClaimCheck:
    """A claim, its verdict, and what in the product data decided it."""

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
            span = (0, len(attribute.value))
            quantities = [Quantity(value, attribute.unit, attribute.value, span)]
        found += [(q, attribute) for q in quantities]
    return found


def evidence_claims(attributes: list[Attribute], language: str) -> list[tuple[Claim, Attribute]]:
    """Claims the product data makes: read from attribute values (in the product's language)
    and from attribute names (country of origin: USA; pieces: 6; waterproof: yes)."""
    found = []
    regulated = load("regulated")
    for attribute in attributes:
        name, value = attribute.name.lower(), attribute.value.strip()
        for text in {value, f"{name} {value}"}:
            found += [(c, attribute) for c in extract_claims(text, language)]
        if name in ORIGIN_NAMES and (country := country_of(value)):
            found.append((Claim("origin", value, (0, 0), value=country), attribute))
        if name in COUNT_NAMES and value.isdigit():
            found.append((Claim("count", value, (0, 0), value=str(int(value))), attribute))
        key = name.replace(" ", "-")
        if key in regulated and value.lower() not in FALSE_VALUES:
            found.append((Claim("regulated", value, (0, 0), key=key), attribute))
    return found


def verify_claim(
    claim: Claim,
    attributes: list[Attribute],
    rel_tolerance: float,
    source_language: str,
    evidence: list[tuple[Claim, Attribute]] | None = None,
) -> ClaimCheck:
    """Supported if the product data states it; contradicted if it states otherwise."""
    if claim.quantity is not None:
        return _verify_quantity(claim, attributes, rel_tolerance)
    if claim.kind in TERM_KINDS:
        return _verify_term(claim, attributes, source_language)
    if evidence is None:
        evidence = evidence_claims(attributes, source_language)
    same = [(c, a) for c, a in evidence if c.kind == claim.kind]
    if claim.kind in ("composition", "regulated"):
        keyed = [(c, a) for c, a in same if c.key == claim.key]
        if claim.kind == "regulated" or keyed:
            same = keyed
    for stated, attribute in same:
        if stated.value == claim.value:
            return ClaimCheck(claim, Verdict.SUPPORTED, _describe(attribute))
    if same and claim.kind != "percent":  # several percentages can all be true
        known = " or ".join(sorted({_describe(a) for _, a in same}))
        return ClaimCheck(claim, Verdict.CONTRADICTED, known)
    return ClaimCheck(claim, Verdict.UNSUPPORTED, None)


def _verify_term(claim: Claim, attributes: list[Attribute], source_language: str) -> ClaimCheck:
    lexicon = TERM_KINDS[claim.kind]
    stated = {
        t.canonical: a for a in attributes for t in find_terms(a.value, lexicon, source_language)
    }
    if claim.value in stated:
        return ClaimCheck(claim, Verdict.SUPPORTED, _describe(stated[claim.value]))
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


def check_claims(
    text: str,
    attributes: list[Attribute],
    locale: str,
    rel_tolerance: float,
    source_language: str,
    evidence: list[tuple[Claim, Attribute]] | None = None,
) -> list[ClaimCheck]:
    """A verdict for every claim in one text of a locale's listing (`evidence`: the attributes'
    own claims, when the caller already read them)."""
    if evidence is None:
        evidence = evidence_claims(attributes, source_language)
    return [
        verify_claim(claim, attributes, rel_tolerance, source_language, evidence)
        for claim in extract_claims(text, language_of(locale))
    ]


def fact_findings(
    draft: Draft,
    attributes: list[Attribute],
    locale: str,
    rel_tolerance: float,
    source_language: str,
    category_id: str | None = None,
) -> list[Finding]:
    """A finding for every claim in the listing that the attributes contradict or do not
    support; with the product's taxonomy `category_id`, also every claim it cannot have."""
    attributes = product_facts(attributes)
    findings = []
    evidence = evidence_claims(attributes, source_language)  # once, not once per field
    for field, text in draft.fields().items():
        checks = check_claims(text, attributes, locale, rel_tolerance, source_language, evidence)
        origins = nfkc_origins(text) if checks else None
        for check in checks:
            if check.verdict is not Verdict.SUPPORTED:
                # Claims are found in the NFKC text: the finding marks the field as written.
                span = original_span(origins, check.claim.span) if origins else None
                findings.append(_finding(check, field, locale, span))
    if category_id:
        findings += outside_category_findings(draft, category_id, locale)
    return findings


def _finding(check: ClaimCheck, field: str, locale: str, span: tuple[int, int] | None) -> Finding:
    claim = check.claim
    kind = claim.claim_class
    if check.verdict is Verdict.CONTRADICTED:
        return Finding(
            rule_id=f"fact.{kind}.contradicted",
            severity=Severity.BLOCK,
            locale=locale,
            field=field,
            span=span,
            message=f'the text says "{claim.surface}"; the product data says {check.evidence}',
            suggested_fix=f'replace "{claim.surface}" with the value from the product data',
        )
    regulated = kind in REGULATED_CLASSES
    return Finding(
        rule_id=f"fact.{kind}.unsupported",
        severity=Severity.BLOCK if regulated else Severity.FIX,
        locale=locale,
        field=field,
        span=span,
        message=f'the text says "{claim.surface}" but the product data does not state it',
        suggested_fix=f'remove "{claim.surface}"',
    )


def _describe(attribute: Attribute) -> str:
    """How the product data states a value: the seller's words or the text it was found in."""
    return f'"{attribute.evidence or attribute.value}"'
