"""Out-of-category claims (listingsmith/facts/fit.py) measured on the train splits: false alarms
on the records' own titles and descriptions (true text about the product) with their labelled
categories (taxonomy_labels.yaml), and the catch rate of planted claims (taxonomy_fit.yaml) in
listings of non-apparel categories, per language.

    python -m evals.taxonomy_fit ../shared/data/products-train/*.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from listingsmith.domain import Draft
from listingsmith.facts.fit import groups, outside_category_findings
from listingsmith.lexicons import load_data

LOCALES = {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "it": "it-IT"}
LOCALES |= {"ja": "ja-JP", "zh": "zh-CN"}


def false_alarms(paths: list[Path]) -> dict[str, object]:
    """Share of records whose own text is flagged, and the first flagged surfaces."""
    labels = load_data("evals", "taxonomy_labels.yaml")["labels"]
    checked, flagged, examples = 0, 0, []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("category") not in labels:
                continue
            draft = Draft(title=record["title"], description=record.get("description") or "")
            found = outside_category_findings(draft, labels[record["category"]][0], "en-US")
            checked += 1
            if found:
                flagged += 1
                examples.append((record["category"], found[0].message[:120]))
    return {
        "records": checked,
        "flagged": flagged,
        "share": round(flagged / checked, 4),
        "examples": examples[:15],
    }


def catch_rate(category_ids: list[str]) -> dict[str, float]:
    """Per language, the share of planted claims flagged in listings of `category_ids`."""
    planted = load_data("evals", "taxonomy_fit.yaml")["planted"]
    out = {}
    for language, claims in planted.items():
        caught = sum(
            bool(outside_category_findings(Draft(title="-", bullets=[c]), cid, LOCALES[language]))
            for c in claims
            for cid in category_ids
        )
        out[language] = round(caught / (len(claims) * len(category_ids)), 3)
    return out


def main() -> None:
    """Print both measures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args()
    labels = load_data("evals", "taxonomy_labels.yaml")["labels"]
    branches = {b for g in groups() for b in g["branches"]}
    outside = sorted({ids[0] for ids in labels.values() if ids[0].split("-")[0] not in branches})
    report = {
        "false_alarms": false_alarms(args.paths),
        "planted_catch_rate": catch_rate(outside),
        "planted_categories": len(outside),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
