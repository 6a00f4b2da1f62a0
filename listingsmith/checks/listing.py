"""check_listing: policies, fact-check, loops, adequacy, protected terms and language ID on one
listing, in one order, for the graph, the evals, the CLI and the assist API alike."""

from __future__ import annotations

from enum import Flag, auto

from listingsmith.checks.adequacy import adequacy_findings
from listingsmith.checks.contradicted_noun import contradicted_findings
from listingsmith.checks.kinds import dropped_findings, kind_findings
from listingsmith.checks.naming import unnamed_findings
from listingsmith.checks.output import degeneration_findings
from listingsmith.checks.policy import Checked, pack_context, policy_findings
from listingsmith.checks.title_noun import title_noun_findings
from listingsmith.checks.verdict import is_model_written
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Finding, Product
from listingsmith.facts.verify import fact_findings
from listingsmith.locale.glossary import protected_term_findings, protected_terms
from listingsmith.locale.langid import language_findings
from listingsmith.taxonomy.catalog import scope_category
from listingsmith.text.languages import language_of


class Checks(Flag):
    """Which checks run: LOCALE on a locale's listing, PIVOT on the pivot draft before it is
    translated (an invented fact is fixed once, not once per locale)."""

    POLICIES = auto()
    FACTS = auto()
    OUTPUT = auto()  # loops
    ADEQUACY = auto()  # meta-text, copied examples, unlike their source, kinds, product named
    TERMS = auto()  # protected terms kept from the pivot
    LANGUAGE = auto()
    # The product noun against the seller's words: a person decides, so not on the pivot
    # (redrafting it cannot change the category's noun).
    NOUN = auto()
    PIVOT = FACTS | OUTPUT | ADEQUACY
    LOCALE = POLICIES | FACTS | OUTPUT | ADEQUACY | TERMS | LANGUAGE | NOUN


def check_listing(
    listing: Draft,
    product: Product,
    attributes: list[Attribute],
    locale: str,
    settings: Settings,
    pivot: Draft | None = None,
    checks: Checks = Checks.LOCALE,
    category_id: str | None = None,
    data_language: str | None = None,
    drafted: bool = False,
) -> Checked:
    """Run `checks` on `listing` of `product` in `locale`; `pivot` is the draft it was translated
    from (the listing itself when it is the pivot); `category_id`, the product's taxonomy
    category, lets the fact-check flag claims the category cannot have and the packs see
    branches of the taxonomy the law excludes (food from the GPSR); `data_language`, the
    language of the seller's attribute values when known (the record's, in the graph);
    `drafted`: the graph's listing, whose fields without an origin the model wrote, so a learned
    claim there is the model's to write again (elsewhere a field is a person's text)."""
    pivot = pivot or listing
    findings: list[Finding] = []
    packs: list[str] = []
    if Checks.POLICIES in checks:
        context = pack_context(product, attributes, locale, data_language)
        category = scope_category(product.category, category_id)
        written = [f for f in listing.fields() if is_model_written(listing, f)] if drafted else []
        findings, packs = policy_findings(
            listing, locale, product.marketplace, category, context, settings, written
        )
    if Checks.FACTS in checks:
        findings += fact_findings(
            listing,
            attributes,
            locale,
            settings.quantity_rel_tolerance,
            language_of(product.source_locale),
            category_id,
        )
    if Checks.OUTPUT in checks:
        findings += degeneration_findings(listing, locale)
    if Checks.ADEQUACY in checks:
        findings += adequacy_findings(
            listing,
            product,
            pivot,
            locale,
            settings.quantity_rel_tolerance,
            settings.pivot_language,
        )
        findings += kind_findings(listing, product, pivot, locale, category_id)
        findings += dropped_findings(listing, product, pivot, locale, category_id)
        findings += unnamed_findings(listing, product, locale, category_id)
        findings += title_noun_findings(listing, product, locale, category_id)
    if Checks.NOUN in checks:
        findings += contradicted_findings(listing, product, locale, category_id)
    if Checks.TERMS in checks:
        findings += protected_term_findings(
            listing, pivot, protected_terms(product, attributes), locale
        )
    if Checks.LANGUAGE in checks:
        findings += language_findings(
            listing,
            locale,
            settings.language_min_confidence,
            settings.language_min_field_chars,
            protected_terms(product, attributes),
        )
    return Checked(findings, packs)


def check_pivot(
    pivot: Draft,
    product: Product,
    attributes: list[Attribute],
    settings: Settings,
    category_id: str | None = None,
) -> list[Finding]:
    """The pivot draft's checks, in its own (the product's source) locale; `category_id`, the
    product's taxonomy category once categorized (what names the product, what it can have)."""
    return check_listing(
        pivot,
        product,
        attributes,
        product.source_locale,
        settings,
        checks=Checks.PIVOT,
        category_id=category_id,
        drafted=True,
    ).findings
