"""Category retrieval measured on the train splits: each record's category string is labelled
with taxonomy ids (taxonomy_labels.yaml); a prediction is right when it is a labelled id or
below one. Reports top-1/top-5 with and without the seller's category string, and the share
marked ambiguous with the top-1 accuracy of the rest, for a sweep of margins.

    python -m evals.taxonomy ../shared/data/products-train/implicitave-train.jsonl ... [--per 50]
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from listingsmith.domain import Product
from listingsmith.lexicons import load_data
from listingsmith.taxonomy.catalog import lineage
from listingsmith.taxonomy.retrieval import CategoryMatch, match_category, settings

MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)


def labels() -> dict[str, list[str]]:
    """Category string -> the taxonomy ids it means."""
    return load_data("evals", "taxonomy_labels.yaml")["labels"]


def sample(paths: list[Path], per: int, seed: int) -> list[dict[str, Any]]:
    """At most `per` records of each category string, drawn with `seed`."""
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("category") and record.get("title"):
                by_category[record["category"]].append(record)
    rng = random.Random(seed)
    return [r for rs in by_category.values() for r in rng.sample(rs, min(per, len(rs)))]


def right(predicted: str, wanted: list[str]) -> bool:
    """A labelled id or one below it."""
    return any(w in lineage(predicted) for w in wanted)


def measure(records: list[dict[str, Any]], with_category: bool) -> dict[str, Any]:
    """Top-1/top-5 accuracy and the ambiguity sweep over `records`."""
    wanted = labels()
    matches: list[tuple[CategoryMatch, list[str]]] = []
    for r in records:
        product = Product(
            sku=r["id"], title=r["title"], category=r["category"] if with_category else None
        )
        matches.append((match_category(product, []), wanted[r["category"]]))
    top1 = sum(right(m.id, w) for m, w in matches)
    top5 = sum(any(right(c.id, w) for c in m.candidates) for m, w in matches)
    sweep = {}
    for margin in MARGINS:
        clear = [
            (m, w)
            for m, w in matches
            if m.candidates
            and m.score >= settings()["min_score"]
            and not (len(m.candidates) > 1 and m.score - m.candidates[1].score < margin * m.score)
        ]
        sweep[margin] = {
            "ambiguous_share": round(1 - len(clear) / len(matches), 3),
            "clear_top1": round(sum(right(m.id, w) for m, w in clear) / max(len(clear), 1), 3),
        }
    return {
        "records": len(matches),
        "top1": round(top1 / len(matches), 3),
        "top5": round(top5 / len(matches), 3),
        "ambiguous_share": round(sum(m.ambiguous for m, _ in matches) / len(matches), 3),
        "sweep": sweep,
    }


def main() -> None:
    """Print the measures for the files given, with and without the category string."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--per", type=int, default=50, help="records per category string")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    records = sample(args.paths, args.per, args.seed)
    report = {
        "title_and_category": measure(records, with_category=True),
        "title_only": measure(records, with_category=False),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
