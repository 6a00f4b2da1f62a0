"""The policy branch of the checks: what the packs know of a listing beyond its text, and the
packs' and the learned paraphrase detector's findings (policies check FILE.jsonl runs only
this)."""

from __future__ import annotations

from typing import NamedTuple

from listingsmith.compose.facts import brand_of
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Finding, Product
from listingsmith.policies.engine import check_policies
from listingsmith.policies.paraphrase import paraphrase_findings
from listingsmith.policies.rules import RuleContext
from listingsmith.text.languages import language_of


class Checked(NamedTuple):
    """Every finding of the checks that ran, and the policy packs applied."""

    findings: list[Finding]
    packs: list[str]


def pack_context(
    product: Product, attributes: list[Attribute], locale: str, data_language: str | None
) -> RuleContext:
    """What the packs know of a listing beyond its text (seller_context): the seller's
    attributes, by lower-case name, and the brand."""
    given = {a.name.lower().strip(): a.value for a in attributes if a.source == "seller"}
    return seller_context(given, brand_of(product, attributes), locale, data_language)


def seller_context(
    given: dict[str, str], brand: str | None, locale: str, data_language: str | None
) -> RuleContext:
    """What the packs know of a listing beyond its text: the seller's attributes (`given`, by
    lower-case name), where a value given in the listing's language ("ingredients@de",
    "warnings@fr") stands for the attribute itself, the brand, and the language of the other
    values when known."""
    language = language_of(locale)
    suffix = f"@{language.lower()}"
    localized = {n.removesuffix(suffix).strip(): v for n, v in given.items() if n.endswith(suffix)}
    return RuleContext(
        attributes={n: v for n, v in given.items() if "@" not in n} | localized,
        brand=brand,
        language=language,
        data_language=data_language,
        localized=frozenset(localized),
    )


def policy_findings(
    listing: Draft,
    locale: str,
    marketplace: str,
    category: str | None,
    context: RuleContext,
    settings: Settings,
    written: list[str] | None = None,
) -> Checked:
    """The policy packs' findings on `listing` (sold on `marketplace` in `locale`, its scope
    category `category`) and the learned paraphrase detector's (where settings enable it;
    `written`: the fields the model wrote), with the packs applied."""
    findings, packs = check_policies(listing, locale, marketplace, category, context)
    if settings.paraphrase_claims:
        findings += paraphrase_findings(
            listing, locale, context.attributes, findings, written or [], context.brand
        )
    return Checked(findings, packs)
