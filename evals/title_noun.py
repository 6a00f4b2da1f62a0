"""How many shipped translated descriptions of a run the adequacy.title-noun check
(checks/title_noun.py) would send back: the model-written descriptions of every shipped listing
outside the product's source language, its product rebuilt from the run's sources and its
category read from the run's audit log (the categorize node's choice); and, from the audit
log, how many attempts the rule sent back in the run (alone or with other findings).

    python -m evals.title_noun RUN_DIR SOURCE [SOURCE ...] [--show]

RUN_DIR holds listings.jsonl and audit.sqlite; a SOURCE is a catalogue (examples/catalog.jsonl)
or an evaluation dataset. --show prints each rejected field (never use it on a test split's
records)."""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from evals.unnamed_product import SHIPPED, categories, listing_draft, products
from listingsmith.checks.title_noun import TITLE_NOUN_RULE, title_noun_findings
from listingsmith.text.languages import language_of


def measure(run: Path, sources: list[Path]) -> dict[str, Any]:
    """Per locale, judged and rejected model-written descriptions of the shipped listings."""
    known, chosen = products(sources), categories(run / "audit.sqlite")
    judged: Counter[str] = Counter()
    rejected: list[dict[str, str]] = []
    for line in (run / "listings.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        product = known.get(row["sku"])
        if row["status"] not in SHIPPED or product is None:
            continue
        locale = row["locale"]
        origins = row.get("origins") or {}
        if language_of(locale) == language_of(product.source_locale):
            continue
        if origins.get("description", "model") != "model":
            continue
        draft = listing_draft(row)
        judged[locale] += 1
        findings = title_noun_findings(draft, product, locale, chosen.get(row["sku"]))
        rejected += [
            {"sku": row["sku"], "locale": locale, "text": draft.description, "why": f.message}
            for f in findings
            if f.rule_id == TITLE_NOUN_RULE
        ]
    return {
        "judged_descriptions": dict(judged),
        "rejected": len(rejected),
        "rejections": rejected,
    }


def sent_back(audit: Path) -> dict[str, int]:
    """From the run's audit log: the check events (one per attempt of a listing) whose open
    findings on the description include adequacy.title-noun, and those where it is the only
    one (what the rule alone sent back through the fix loop)."""
    with sqlite3.connect(audit) as db:
        rows = db.execute("select payload from events where node = 'checks'").fetchall()
    flagged = alone = 0
    for (payload,) in rows:
        open_rules = {
            f["rule_id"]
            for f in json.loads(payload).get("findings", [])
            if f.get("field") == "description"
            and f.get("severity") != "warn"
            and not f.get("fixed")
        }
        if TITLE_NOUN_RULE in open_rules:
            flagged += 1
            alone += open_rules == {TITLE_NOUN_RULE}
    return {"attempts_sent_back": flagged, "attempts_sent_back_by_it_alone": alone}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("sources", type=Path, nargs="+")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    result = measure(args.run, args.sources) | sent_back(args.run / "audit.sqlite")
    if not args.show:
        result.pop("rejections")
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
