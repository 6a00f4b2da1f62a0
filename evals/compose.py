"""Listings composed from data, measured: a seeded sample of train records composed in every
locale and run through check_listing. Per locale: the share of listings with no finding but
missing legal data that only the seller can give (GPSR, a food's operator and ingredients),
the language-ID pass share, the mean title length, the share of titles that say a word or
name twice, and the share of descriptions with facts left in the list form ("Produktdetails –
Muster: ..."); and per language the share of the taxonomy's category nouns (the titles' noun
in the graph) that say a name twice ("カーテン・ドレープカーテン"). Each listing is composed as
the graph composes it: the category by retrieval (categorize; the kind the title names where
the category's noun contradicts it: checks.contradicted_noun), its product noun (taxonomy),
the locale's conventions and spelling with the protected terms kept (localize). `--show N`
prints the first N listings per locale to read. Run: python -m evals.compose [--sample 200]
[--seed 7] [--locales es-ES,it-IT,en-GB] [--show 20]."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from statistics import mean
from typing import Any

from listingsmith.checks.contradicted_noun import seller_match
from listingsmith.checks.listing import check_listing
from listingsmith.compose.lexicon import data
from listingsmith.compose.listing import compose_listing
from listingsmith.compose.titles import repeats
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, read_dataset, to_product
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.locale.conventions import localize_draft
from listingsmith.locale.glossary import protected_terms
from listingsmith.locale.langid import LANGUAGE_RULE
from listingsmith.taxonomy.catalog import categories
from listingsmith.taxonomy.confidence import noun_category
from listingsmith.taxonomy.nouns import product_noun
from listingsmith.taxonomy.retrieval import CategoryMatch, match_category
from listingsmith.text.languages import language_of

LOCALES = ("en-US", "de-DE", "fr-FR", "es-ES", "it-IT", "ja-JP", "zh-CN")
TRAIN = Path("../shared/data/products-train")
# Findings of legal data only the seller can give (GPSR's Art. 19 data; a food's operator and
# ingredients, Reg. 1169/2011 Art. 9(1)(b), (h)): not counted against a listing's cleanness.
SELLER_DATA_RULES = ("eu-gpsr", "eu-food-1169.art9.")


def sample_records(folder: Path, size: int, seed: int) -> list[GoldRecord]:
    """`size` records drawn with `seed`, an equal share from each train file of `folder` (one
    dataset's many one-attribute records would otherwise be most of the sample)."""
    paths = sorted(folder.glob("*-train.jsonl"))
    share = size // len(paths)
    drawn = random.Random(seed)
    return [r for path in paths for r in drawn.sample(read_dataset(path), share)]


def composed(
    product: Product,
    attributes: list[Attribute],
    match: CategoryMatch,
    locale: str,
    settings: Settings,
) -> Draft:
    """The listing the graph composes from data in `locale` for a product of `match`'s
    category: its product noun (the category's when sure, else the most specific one still
    right: taxonomy.confidence), the locale's conventions and spelling, protected terms as
    written."""
    named = noun_category(match, product.title)
    noun = product_noun(named, language_of(locale)) if named else None
    draft = compose_listing(
        product,
        attributes,
        noun,
        locale,
        product.marketplace,
        settings.listing_limits,
        category=match.id,
    )
    return localize_draft(draft, locale, protected_terms(product))


def shown(draft: Draft, sku: str, locale: str) -> str:
    """One listing as a reader sees it: title, bullets, description."""
    bullets = "".join(f"\n  - {b}" for b in draft.bullets)
    return f"== {sku} {locale}\n{draft.title}{bullets}\n{draft.description}"


def measure(
    records: list[GoldRecord], locales: tuple[str, ...], settings: Settings, show: int = 0
) -> dict[str, Any]:
    """Per locale: clean share, language-ID pass share, mean title length, and the rules that
    fired most; the first `show` listings of each locale printed."""
    out: dict[str, Any] = {}
    products = [(to_product(r), r.gold_attributes()) for r in records]
    matches = [seller_match(match_category(p, a), p) for p, a in products]
    for locale in locales:
        clean, language_ok, repeated, listed, titles, rules = 0, 0, 0, 0, [], {}
        intro = data("describe")["languages"][language_of(locale)]["intro"]
        for index, ((product, attributes), match) in enumerate(zip(products, matches, strict=True)):
            draft = composed(product, attributes, match, locale, settings)
            if index < show:
                print(shown(draft, product.sku, locale))
            findings = check_listing(
                draft, product, attributes, locale, settings, category_id=match.id
            ).findings
            others = [f for f in findings if not f.rule_id.startswith(SELLER_DATA_RULES)]
            clean += not others
            language_ok += not any(f.rule_id == LANGUAGE_RULE for f in findings)
            titles.append(len(draft.title))
            repeated += bool(repeats(draft.title, language_of(locale)))
            listed += intro in draft.description
            for finding in others:
                rules[finding.rule_id] = rules.get(finding.rule_id, 0) + 1
        out[locale] = {
            "clean_share": round(clean / len(records), 3),
            "langid_pass": round(language_ok / len(records), 3),
            "mean_title_chars": round(mean(titles), 1),
            "title_repeat_share": round(repeated / len(records), 3),
            "list_form_share": round(listed / len(records), 3),
            "top_rules": dict(sorted(rules.items(), key=lambda kv: -kv[1])[:5]),
        }
    return out


def noun_repeats(locales: tuple[str, ...]) -> dict[str, float]:
    """Per locale, the share of the taxonomy's categories whose product noun says a word or
    name twice."""
    ids = list(categories())
    out: dict[str, float] = {}
    for locale in locales:
        language = language_of(locale)
        found = sum(bool(repeats(product_noun(i, language), language)) for i in ids)
        out[locale] = round(found / len(ids), 4)
    return out


def sample_parser(doc: str, locales: tuple[str, ...], show: str) -> argparse.ArgumentParser:
    """The arguments of an eval over a seeded sample of train records (`doc`'s first line as
    its description): --data, --sample, --seed, --locales (default `locales`), --show (`show`
    printed per locale)."""
    parser = argparse.ArgumentParser(description=doc.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=TRAIN)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--locales", default=",".join(locales), help="comma-separated locales")
    parser.add_argument("--show", type=int, default=0, help=f"{show} to print per locale")
    return parser


def sampled(args: argparse.Namespace) -> tuple[list[GoldRecord], tuple[str, ...]]:
    """The records and locales a sample_parser's `args` name."""
    locales = tuple(code.strip() for code in args.locales.split(",") if code.strip())
    return sample_records(args.data, args.sample, args.seed), locales


def main() -> None:
    args = sample_parser(__doc__, LOCALES, "listings").parse_args()
    records, locales = sampled(args)
    report = measure(records, locales, Settings(), args.show)
    report["category_noun_repeat_share"] = noun_repeats(locales)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
