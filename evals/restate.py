"""Descriptions data restates, measured without a model: for a seeded sample of train records
(evals.compose's draw), the record's own English description (or `--text title`, its title:
short like the model's) stands for the model's pivot description, and each non-pivot locale's
description is composed from the record's gold data as the graph composes it. Per locale: how
many products' descriptions would ship composed instead of translated
(nodes.assembly.said_by_data), how many were kept for another claim (a colour, a material, a
count ...), for a quantity or bare number data does not restate, for stating no fact, or
for a doubtful product noun (taxonomy.confidence);
`--show N` prints the first N switched pairs. Run: python -m evals.restate [--sample 200]
[--seed 7] [--locales de-DE,fr-FR,ja-JP,zh-CN] [--text description|title] [--show 5]."""

from __future__ import annotations

import json
from typing import Any

from evals.compose import composed, sample_parser, sampled
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, to_product
from listingsmith.domain import Draft
from listingsmith.nodes.assembly import said_by_data
from listingsmith.taxonomy.confidence import is_confident
from listingsmith.taxonomy.retrieval import match_category
from listingsmith.text.claims import extract_claims

LOCALES = ("de-DE", "fr-FR", "ja-JP", "zh-CN")


def kept_for(description: str, settings: Settings) -> str:
    """Why a description that data does not restate is translated: "no fact" (nothing the
    fact-check reads), "other claim" (a fact besides quantities) or "number" (a quantity or a
    bare number the composed description does not keep)."""
    claims = extract_claims(description, settings.pivot_language)
    if any(c.quantity is None for c in claims):
        return "other claim"
    return "number" if claims else "no fact"


def measure(
    records: list[GoldRecord],
    locales: tuple[str, ...],
    settings: Settings,
    text: str = "description",
    show: int = 0,
) -> dict[str, Any]:
    """Per locale: products with the `text` (description or title), those whose text would
    switch to the composed description, and why the others were kept; the first `show`
    switched pairs of each locale printed."""
    products = [(to_product(r), r.gold_attributes()) for r in records]
    described = [(p, a, match_category(p, a)) for p, a in products if getattr(p, text).strip()]
    out: dict[str, Any] = {"records": len(records), f"with_{text}": len(described)}
    for locale in locales:
        switched, shown, kept = (
            0,
            0,
            {"no fact": 0, "other claim": 0, "number": 0, "unsure noun": 0},
        )
        for product, attributes, match in described:
            draft = composed(product, attributes, match, locale, settings)
            pivot = Draft(title=product.title, description=getattr(product, text))
            if said_by_data(pivot, draft, settings, noun_sure=is_confident(match)):
                switched += 1
                if shown < show:
                    shown += 1
                    print(f"== {product.sku} {locale}\n{pivot.description}\n{draft.description}")
            elif not is_confident(match) and said_by_data(pivot, draft, settings, noun_sure=True):
                kept["unsure noun"] += 1
            else:
                kept[kept_for(pivot.description, settings)] += 1
        out[locale] = {"switched": switched, "kept": kept}
    return out


def main() -> None:
    parser = sample_parser(__doc__, LOCALES, "switched pairs")
    parser.add_argument("--text", choices=("description", "title"), default="description")
    args = parser.parse_args()
    records, locales = sampled(args)
    print(json.dumps(measure(records, locales, Settings(), args.text, args.show), indent=1))


if __name__ == "__main__":
    main()
