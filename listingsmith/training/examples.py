"""Training pairs per task: the prompt the node sends, built by the node's own prompt builders,
and the answer the model should give."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from listingsmith.attributes.fusion import fuse
from listingsmith.attributes.model_extract import (
    answer_text,
    category_names,
    extraction_prompt,
    extraction_schema,
    product_text,
)
from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, to_product
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.facts.verify import Verdict, check_claims, fact_findings
from listingsmith.nodes.writing import draft_prompt
from listingsmith.training.trainer import Example

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
PIVOT_LOCALE = "en-US"
PIVOT_LANGUAGE = "en"


def extract_examples(
    records: Iterable[GoldRecord], settings: Settings
) -> tuple[list[Example], Counter[str]]:
    """One example per record: the extract node's prompt (its category's names, its text) and
    the compact JSON answer: gold's first surface form that fits the schema, else null.
    Records with no gold value among the names are skipped (counted by reason)."""
    limits = settings.extraction_limits
    examples: list[Example] = []
    skipped: Counter[str] = Counter()
    for record in records:
        product = Product(
            sku=record.id,
            title=record.title,
            description=record.description,
            category=record.category,
        )
        text = product_text(product)
        names = list(extraction_schema(category_names(record.category), limits)["properties"])
        values: dict[str, str | None] = {}
        for name in names:
            forms = [v for v in record.gold.get(name, []) if 0 < len(v) <= limits.value_chars]
            values[name] = forms[0] if forms else None
        if not any(values.values()):
            skipped["no gold value among the category's names"] += 1
            continue
        prompt = extraction_prompt(text, record.category, names, limits)
        examples.append(Example(prompt, answer_text(values), record.id))
    return examples, skipped


def draft_examples(
    records: Iterable[GoldRecord], settings: Settings
) -> tuple[list[Example], Counter[str]]:
    """One example per record with a real description: the draft node's prompt (gold as the
    seller's fields, as in the localize eval) and a listing made of the record's own words.
    Only claims the title and gold support get in: description sentences the fact-check finds
    unsupported or contradicted are dropped, and the whole target is checked again."""
    examples: list[Example] = []
    skipped: Counter[str] = Counter()
    for record in records:
        if not record.description.strip():
            skipped["no description"] += 1
            continue
        product = to_product(record)
        attributes, _ = fuse(seller_attributes(product) + text_attributes(product))
        evidence = title_evidence(product)
        target, dropped = listing_target(product, product.description, evidence, settings)
        skipped["description sentences dropped as unsupported"] += dropped
        if target is None:
            skipped["nothing supported left"] += 1
            continue
        prompt = draft_prompt(product, attributes, [])
        examples.append(Example(prompt, target.model_answer(), record.id))
    return examples, skipped


def voice_examples(
    products: Iterable[Product], settings: Settings
) -> tuple[list[Example], Counter[str]]:
    """A seller's past listings: the prompt sees the title and the seller's fields (not the
    listing's text), the answer is the seller's own title, bullets and description, with
    sentences the seller's fields do not support dropped as for `draft`."""
    examples: list[Example] = []
    skipped: Counter[str] = Counter()
    for product in products:
        facts = product.model_copy(update={"description": "", "bullets": []})
        attributes, _ = fuse(seller_attributes(facts) + text_attributes(facts))
        evidence = title_evidence(product)
        written = " ".join([*product.bullets, product.description])
        target, dropped = listing_target(product, written, evidence, settings, product.bullets)
        skipped["sentences dropped as unsupported"] += dropped
        if target is None:
            skipped["nothing supported left"] += 1
            continue
        examples.append(
            Example(draft_prompt(facts, attributes, []), target.model_answer(), product.sku)
        )
    return examples, skipped


def title_evidence(product: Product) -> list[Attribute]:
    """What a target may claim: the seller's fields and what the title itself states."""
    titled = Product(sku=product.sku, title=product.title, source_locale=product.source_locale)
    return seller_attributes(product) + text_attributes(titled)


def supported(text: str, evidence: list[Attribute], settings: Settings) -> bool:
    """Whether every claim the fact-check finds in `text` is supported by `evidence`."""
    checks = check_claims(
        text, evidence, PIVOT_LOCALE, settings.quantity_rel_tolerance, PIVOT_LANGUAGE
    )
    return all(check.verdict is Verdict.SUPPORTED for check in checks)


def listing_target(
    product: Product,
    text: str,
    evidence: list[Attribute],
    settings: Settings,
    bullets: list[str] | None = None,
) -> tuple[Draft | None, int]:
    """A listing from the product's own words within the schema's bounds, and how many
    sentences were dropped as unsupported; None when the fact-check still finds a problem."""
    limits = settings.listing_limits
    kept, dropped = [], 0
    for sentence in SENTENCE_END.split(" ".join(text.split())):
        if not supported(sentence, evidence, settings):
            dropped += 1
        elif len(" ".join([*kept, sentence])) <= limits.description_chars:
            kept.append(sentence)
    lines = bullets or [f"{name}: {value}" for name, value in product.attributes.items()]
    lines = [b for b in lines if len(b) <= limits.bullet_chars and supported(b, evidence, settings)]
    keywords = [
        k
        for k in dict.fromkeys([product.category or "", *product.attributes.values()])
        if k and len(k) <= limits.keyword_chars and not any(c.isdigit() for c in k)
    ]
    if not kept or not lines or not keywords or len(product.title) > limits.title_chars:
        return None, dropped
    draft = Draft(
        title=product.title,
        bullets=lines[: limits.bullets],
        description=" ".join(kept),
        keywords=keywords[: limits.keywords],
    )
    if fact_findings(
        draft, evidence, PIVOT_LOCALE, settings.quantity_rel_tolerance, PIVOT_LANGUAGE
    ):
        return None, dropped
    return draft, dropped
