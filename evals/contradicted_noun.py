"""How many train records' product nouns contradict what their titles say, before and after
checks.contradicted_noun: a seeded sample of train records categorized as the graph does
(retrieval), each record's noun category (taxonomy.confidence, what the composed listing says)
judged against its title and description head; then the same after `seller_match` (the kind
the title names chosen): corrected, still contradicted (held for a person). `--show N` prints
the first N contradictions found before and corrections made, to read (`--sample 0`: every
train record). Run: python -m evals.contradicted_noun [--sample 4000] [--seed 7] [--show 20]."""

from __future__ import annotations

import json
from typing import Any

from evals.compose import sample_parser, sampled
from listingsmith.checks.contradicted_noun import contradiction, seller_match
from listingsmith.datasets import GoldRecord, read_dataset, to_product
from listingsmith.taxonomy.catalog import path_in
from listingsmith.taxonomy.confidence import noun_category
from listingsmith.taxonomy.nouns import product_noun
from listingsmith.taxonomy.retrieval import match_category


def measure(records: list[GoldRecord], show: int = 0) -> dict[str, Any]:
    """Counts of records whose noun the seller's words contradict, before and after; the first
    `show` contradictions printed (record, title, category, the title's head, the kind)."""
    before = after = corrected = named_before = named_after = shown = 0
    for record in records:
        product = to_product(record)
        match = match_category(product, record.gold_attributes())
        named = noun_category(match, product.title)
        found = contradiction(named, product)
        named_before += named is not None
        if found is not None:
            before += 1
            if shown < show:
                shown += 1
                kind = f"{found.kind} {product_noun(found.kind, 'en')}" if found.kind else None
                print(
                    json.dumps(
                        {
                            "id": record.id,
                            "title": product.title,
                            "category": path_in(named, "en") if named else None,
                            "said": found.said,
                            "kind": kind,
                        },
                        ensure_ascii=False,
                    )
                )
        fixed = seller_match(match, product)
        if fixed.id != match.id:
            corrected += 1
            if shown < show:
                shown += 1
                print(
                    json.dumps(
                        {
                            "id": record.id,
                            "title": product.title,
                            "from": match.path_en,
                            "to": fixed.path_en,
                        },
                        ensure_ascii=False,
                    )
                )
        named = noun_category(fixed, product.title)
        named_after += named is not None
        after += contradiction(named, product) is not None
    return {
        "records": len(records),
        "with_category_noun": {"before": named_before, "after": named_after},
        "contradicted": {"before": before, "after": after},
        "category_corrected": corrected,
    }


def main() -> None:
    args = sample_parser(__doc__, ("en-US",), "contradictions").parse_args()
    if args.sample:
        records, _ = sampled(args)
    else:  # every record of every train file
        records = [
            r for path in sorted(args.data.glob("*-train.jsonl")) for r in read_dataset(path)
        ]
    print(json.dumps(measure(records, args.show), indent=1))


if __name__ == "__main__":
    main()
