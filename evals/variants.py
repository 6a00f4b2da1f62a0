"""Variants against single listings on the same dev sample: the share of listings that ship
without a person, per audience and per locale, from two runs on one model server.

    python -m evals.variants DATASET.jsonl... --sample 3 --limit 10 --locales en-US,de-DE \
        --audiences gift,pro,budget,eco --seller examples/seller-eu.yaml --out DIR
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from evals.run import sampled
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.seller import read_seller_profile
from listingsmith.config import Settings
from listingsmith.datasets import read_dataset, to_product
from listingsmith.domain import Product
from listingsmith.prompts.audience import parse_audiences
from listingsmith.prompts.framing import plan_framings
from listingsmith.serving.connect import connect

SINGLE = "single"


def sample_products(datasets: list[Path], sample: int, limit: int, seed: int) -> list[Product]:
    """`sample` seeded records of each dataset as products, the first `limit` of them."""
    products = [
        to_product(record)
        for path in datasets
        for record in sampled(read_dataset(path), sample, seed)
    ]
    return products[:limit]


def rows(single: dict[str, Any], variants: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per group (single listings, then each audience): listings, statuses, and the
    share shipped without a person."""
    groups = [(SINGLE, _overall(single))]
    groups += [(key, value) for key, value in variants.get("audiences", {}).items()]
    return [
        {
            "group": name,
            "listings": group["listings"],
            **{s: group["counts"].get(s, 0) for s in ("approved", "fixed", "held", "failed")},
            "shipped_share": group["shipped_share"],
        }
        for name, group in groups
    ]


def _overall(report: dict[str, Any]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for by_status in report["counts"].values():
        for status, count in by_status.items():
            counts[status] = counts.get(status, 0) + count
    listings = sum(row["listings"] for row in report["shipped"].values())
    shipped = sum(row["shipped"] for row in report["shipped"].values())
    return {
        "listings": listings,
        "counts": counts,
        "shipped_share": round(shipped / listings, 4) if listings else None,
    }


def markdown(table: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table (the README's)."""
    head = "| group | listings | approved | fixed | held | failed | shipped alone |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for row in table:
        share = row["shipped_share"]
        shown = "-" if share is None else f"{share:.0%}"
        lines.append(
            f"| {row['group']} | {row['listings']} | {row['approved']} | {row['fixed']} | "
            f"{row['held']} | {row['failed']} | {shown} |"
        )
    return "\n".join(lines)


async def _both(
    products: list[Product], locales: list[str], args: argparse.Namespace, settings: Settings
) -> tuple[dict[str, Any], dict[str, Any]]:
    profile = read_seller_profile(args.seller, settings.input_limits) if args.seller else None
    framings = tuple(plan_framings(parse_audiences(args.audiences), None))
    with connect(settings) as client:
        single = await run_job(
            JobSpec(products, locales, args.out / SINGLE, SINGLE, seller=profile),
            settings,
            client,
        )
        variants = await run_job(
            JobSpec(
                products,
                locales,
                args.out / "variants",
                "variants",
                seller=profile,
                framings=framings,
            ),
            settings,
            client,
        )
    return single, variants


def main() -> None:
    """Run both, write DIR/variants.json and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--sample", type=int, default=3)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--locales", default="en-US,de-DE")
    parser.add_argument("--audiences", default="gift,pro,budget,eco")
    parser.add_argument("--seller", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    settings = Settings()
    products = sample_products(args.datasets, args.sample, args.limit, settings.eval_sample_seed)
    locales = args.locales.split(",")
    single, variants = asyncio.run(_both(products, locales, args, settings))
    table = rows(single, variants)
    args.out.mkdir(parents=True, exist_ok=True)
    body = {
        "products": [p.sku for p in products],
        "locales": locales,
        "rows": table,
        "per_locale": {SINGLE: single["shipped"], "variants": variants["shipped"]},
        "wall_seconds": {SINGLE: single["wall_seconds"], "variants": variants["wall_seconds"]},
    }
    (args.out / "variants.json").write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    print(markdown(table))


if __name__ == "__main__":
    main()
