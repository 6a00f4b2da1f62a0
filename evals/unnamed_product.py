"""How many shipped pivot-language descriptions and titles of a run the adequacy.unnamed-product
check (checks/naming.py) would reject: the model-written fields of every shipped listing in the
pivot locale, its product rebuilt from the run's sources and its category read from the run's
audit log (the categorize node's choice).

    python -m evals.unnamed_product RUN_DIR SOURCE [SOURCE ...] [--locale en-US] [--show]

RUN_DIR holds listings.jsonl and audit.sqlite; a SOURCE is a catalogue (examples/catalog.jsonl)
or an evaluation dataset (records with "id" and "attributes_gold"). --show prints each rejected
field (never use it on a test split's records)."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path
from typing import Any

from listingsmith.batch.catalog import read_catalog
from listingsmith.checks.naming import UNNAMED_RULE, unnamed_findings
from listingsmith.config import Settings
from listingsmith.datasets import read_dataset, to_product
from listingsmith.domain import Draft, Product

SHIPPED = ("approved", "fixed")


def products(sources: list[Path]) -> dict[str, Product]:
    """Every product of the sources by SKU."""
    found: dict[str, Product] = {}
    for path in sources:
        with path.open(encoding="utf-8") as handle:
            first = json.loads(handle.readline())
        if "sku" in first:
            found |= {p.sku: p for p in read_catalog(path, Settings())[0]}
        else:
            found |= {p.sku: p for p in map(to_product, read_dataset(path))}
    return found


def categories(audit: Path) -> dict[str, str]:
    """The category the run's categorize node chose per SKU."""
    with sqlite3.connect(audit) as db:
        rows = db.execute("select sku, payload from events where node = 'categorize'").fetchall()
    return {sku: json.loads(payload).get("category_id") for sku, payload in rows}


def listing_draft(row: dict[str, Any]) -> Draft:
    """The listing of a run's listings.jsonl line, with who wrote each field."""
    return Draft(
        title=row["title"],
        description=row["description"],
        bullets=row["bullets"],
        keywords=row["keywords"],
        origins=row.get("origins") or {},
    )


def measure(run: Path, sources: list[Path], locale: str) -> dict[str, Any]:
    """Judged and rejected model-written fields of the shipped listings in `locale`."""
    known, chosen = products(sources), categories(run / "audit.sqlite")
    judged, rejected = 0, []
    for line in (run / "listings.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["locale"] != locale or row["status"] not in SHIPPED or row["sku"] not in known:
            continue
        draft = listing_draft(row)
        fields = [f for f in ("title", "description") if draft.origins.get(f, "model") == "model"]
        judged += len(fields)
        findings = unnamed_findings(draft, known[row["sku"]], locale, chosen.get(row["sku"]))
        rejected += [
            {"sku": row["sku"], "field": f.field, "text": draft.fields()[f.field], "why": f.message}
            for f in findings
            if f.rule_id == UNNAMED_RULE
        ]
    return {"judged_fields": judged, "rejected": len(rejected), "rejections": rejected}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("sources", type=Path, nargs="+")
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    result = measure(args.run, args.sources, args.locale)
    if not args.show:
        result.pop("rejections")
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
