"""The product noun's precision on labelled train records (taxonomy_labels.yaml): a noun is
right when its category is a labelled id, one below it, or one above it (a parent's noun is
more general but true). Records are split by seed into a tuning half, where the thresholds of
retrieval.yaml `noun` are swept, and a held-apart half, where the retrieved category's noun
(before) and the confident-or-fallback noun (taxonomy.confidence: after) are compared:
precision (right among the products given a category noun) and coverage (share given one).

    python -m evals.noun_confidence [--per 20] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
from itertools import product as grid
from pathlib import Path
from typing import Any

from evals.taxonomy import labels, sample
from listingsmith.domain import Product
from listingsmith.taxonomy.catalog import lineage
from listingsmith.taxonomy.confidence import noun_category, noun_settings
from listingsmith.taxonomy.retrieval import CategoryMatch, match_category

TRAIN = Path("../shared/data/products-train")
MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
MIN_SCORES = (0.0, 12.0, 20.0)
CLOSE = (0.1, 0.3, 0.5)
# Top-level categories name no product ("Heim von ...", "Gesundheit von ..."): 2 at least.
DEPTHS = (2, 3)


def right(predicted: str | None, wanted: list[str]) -> bool:
    """A labelled id, one below it or one above it."""
    return predicted is not None and any(
        w in lineage(predicted) or predicted in lineage(w) for w in wanted
    )


def scored(nouns: list[tuple[str | None, list[str]]]) -> dict[str, float]:
    """Precision and coverage of the category nouns given."""
    given = [(n, w) for n, w in nouns if n is not None]
    hits = sum(right(n, w) for n, w in given)
    return {
        "precision": round(hits / max(len(given), 1), 3),
        "coverage": round(len(given) / max(len(nouns), 1), 3),
        "right": hits,
        "wrong": len(given) - hits,
    }


def after(
    matches: list[tuple[CategoryMatch, str, list[str]]], conf: dict[str, Any]
) -> dict[str, float]:
    return scored([(noun_category(m, title, conf), w) for m, title, w in matches])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per", type=int, default=20, help="records per category string")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    wanted = labels()
    records = [
        r
        for r in sample(sorted(TRAIN.glob("*-train.jsonl")), args.per, args.seed)
        if r["category"] in wanted
    ]
    random.Random(args.seed).shuffle(records)
    matches = [
        (
            match_category(Product(sku=r["id"], title=r["title"], category=r["category"]), []),
            r["title"],
            wanted[r["category"]],
        )
        for r in records
    ]
    tune, held = matches[::2], matches[1::2]
    sweep = []
    for margin, min_score, close, depth in grid(MARGINS, MIN_SCORES, CLOSE, DEPTHS):
        conf = {"margin": margin, "min_score": min_score, "close": close, "min_depth": depth}
        sweep.append({**conf, **after(tune, conf)})
    # A wrong noun misleads a shopper; a general one only says less: a wrong one costs two.
    best = max(sweep, key=lambda s: s["right"] - 2 * s["wrong"])
    report = {
        "records": {"tune": len(tune), "held": len(held)},
        "tune_before": scored([(m.id, w) for m, _, w in tune]),
        "tune_best": best,
        "held_before": scored([(m.id, w) for m, _, w in held]),
        "held_after_configured": after(held, noun_settings()),
        "held_after_best": after(held, best),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
