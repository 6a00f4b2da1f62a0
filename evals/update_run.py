"""An update run measured: a catalogue of dev records is run in full, a seeded tenth of its
products has a source field changed, and the update run (`--existing`) redoes only those.
Reports the model calls of both runs and which products each redid.

    python -m evals.update_run --products 20 --locales en-US,de-DE --out out/update-run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
from pathlib import Path
from typing import Any

from listingsmith.batch.existing import ExistingListings, read_existing
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.seller import SellerProfile, read_seller_profile
from listingsmith.config import Settings
from listingsmith.datasets import read_dataset, to_product
from listingsmith.domain import Product
from listingsmith.serving.connect import connect

DEV = Path("../shared/data/products")
# What a seller's edit looks like: one more sentence in the description.
EDIT = " Now sold with a new gift box."


def sample_products(size: int, seed: int) -> list[Product]:
    """`size` dev records drawn with `seed`, an equal share from each dataset file."""
    paths = sorted(DEV.glob("*.jsonl"))
    drawn = random.Random(seed)
    share = max(size // len(paths), 1)
    records = [r for path in paths for r in drawn.sample(read_dataset(path), share)]
    return [to_product(record) for record in records[:size]]


def edited(products: list[Product], share: float, seed: int) -> tuple[list[Product], set[str]]:
    """The catalogue with a seeded `share` of its products' descriptions edited, and their skus."""
    count = max(1, round(len(products) * share))
    chosen = {p.sku for p in random.Random(seed + 1).sample(products, count)}
    return [
        p.model_copy(update={"description": p.description + EDIT}) if p.sku in chosen else p
        for p in products
    ], chosen


async def measure(
    products: list[Product],
    changed: list[Product],
    locales: list[str],
    out: Path,
    seller: SellerProfile | None,
) -> dict[str, Any]:
    """The full run, then the update run against it, on one model server."""
    settings = Settings()
    with connect(settings) as client:
        full_spec = JobSpec(products, locales, out / "full", "full", [], seller=seller)
        full = await run_job(full_spec, settings, client)
        full_calls = client.usage.calls
        earlier = read_existing(out / "full")
        update_spec = JobSpec(
            changed, locales, out / "update", "update", [], seller=seller, existing=earlier
        )
        update = await run_job(update_spec, settings, client)
        update_calls = client.usage.calls - full_calls
    made = _made(out / "update", earlier)
    return {
        "products": len(products),
        "locales": locales,
        "full_run": {"model_calls": full_calls, "products": full["products"]},
        "update_run": {"model_calls": update_calls, "products": update["products"]},
        "redone_skus": sorted(made),
    }


def _made(out_dir: Path, earlier: ExistingListings) -> set[str]:
    """Skus whose lines in OUT_DIR differ in source digest from the earlier run's."""
    made = set()
    for line in (out_dir / "listings.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if earlier.digests.get(row["sku"]) != row["source_digest"]:
            made.add(row["sku"])
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=20)
    parser.add_argument("--share", type=float, default=0.1, help="share of products edited")
    parser.add_argument("--locales", default="en-US,de-DE")
    parser.add_argument("--seller", type=Path, default=Path("examples/seller-eu.yaml"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    products = sample_products(args.products, args.seed)
    changed, chosen = edited(products, args.share, args.seed)
    seller = read_seller_profile(args.seller, Settings().input_limits)
    result = asyncio.run(measure(products, changed, args.locales.split(","), args.out, seller))
    result["edited_skus"] = sorted(chosen)
    result["redid_only_the_edited"] = set(result["redone_skus"]) == chosen
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "update-run.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
