"""Listings composed from data, measured: a seeded sample of train records composed in every
locale and run through check_listing. Per locale: the share of listings with no finding but
missing legal data (GPSR, which needs the seller's data), the language-ID pass share, the
mean title length, the share of titles that say a word or name twice, and the share of
descriptions with facts left in the list form ("Produktdetails – Muster: ..."); and per language the
share of the taxonomy's category nouns (the titles' noun in the graph) that say a name twice
("カーテン・ドレープカーテン"). Run: python -m evals.compose [--sample 200] [--seed 7]
[--locales es-ES,it-IT,en-GB]."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from statistics import mean
from typing import Any

from listingsmith.checks.listing import check_listing
from listingsmith.compose import compose_listing
from listingsmith.compose.lexicon import data
from listingsmith.compose.titles import repeats
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, read_dataset, to_product
from listingsmith.locale.langid import LANGUAGE_RULE
from listingsmith.taxonomy import product_noun
from listingsmith.taxonomy.catalog import categories
from listingsmith.text.languages import language_of

LOCALES = ("en-US", "de-DE", "fr-FR", "es-ES", "it-IT", "ja-JP", "zh-CN")
TRAIN = Path("../shared/data/products-train")
LEGAL_PACK = "eu-gpsr"


def sample_records(folder: Path, size: int, seed: int) -> list[GoldRecord]:
    """`size` records drawn with `seed`, an equal share from each train file of `folder` (one
    dataset's many one-attribute records would otherwise be most of the sample)."""
    paths = sorted(folder.glob("*-train.jsonl"))
    share = size // len(paths)
    drawn = random.Random(seed)
    return [r for path in paths for r in drawn.sample(read_dataset(path), share)]


def measure(
    records: list[GoldRecord], locales: tuple[str, ...], settings: Settings
) -> dict[str, Any]:
    """Per locale: clean share, language-ID pass share, mean title length, and the rules that
    fired most."""
    out: dict[str, Any] = {}
    for locale in locales:
        clean, language_ok, repeated, listed, titles, rules = 0, 0, 0, 0, [], {}
        intro = data("describe")["languages"][language_of(locale)]["intro"]
        for record in records:
            product, attributes = to_product(record), record.gold_attributes()
            draft = compose_listing(
                product, attributes, None, locale, product.marketplace, settings.listing_limits
            )
            findings = check_listing(draft, product, attributes, locale, settings).findings
            others = [f for f in findings if not f.rule_id.startswith(LEGAL_PACK)]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=TRAIN)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--locales", default=",".join(LOCALES), help="comma-separated locales to compose"
    )
    args = parser.parse_args()
    locales = tuple(code.strip() for code in args.locales.split(",") if code.strip())
    records = sample_records(args.data, args.sample, args.seed)
    report = measure(records, locales, Settings())
    report["category_noun_repeat_share"] = noun_repeats(locales)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
