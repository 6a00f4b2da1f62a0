"""Build listingsmith/attributes/forms.yaml from train splits (never the evaluation files, and
never their held-out folds, as build_vocabulary): per attribute name, and per category where it
differs, each canonical value's gold forms (case- and space-folded) and the commonest one as
written. A value with digits is skipped (quantities keep the text's own form), and so is a
canonical value written fewer than `--min-support` times.

    python -m evals.build_forms TRAIN.jsonl... [--min-support N]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from evals.build_vocabulary import learnable
from listingsmith.attributes.canonical import canonical_value
from listingsmith.attributes.forms import FORMS_FILE
from listingsmith.attributes.vocabulary import normalize_value
from listingsmith.datasets import GoldRecord, read_dataset

MIN_SUPPORT = 2
Written = dict[tuple[str, str], Counter[str]]


def _entry(written: Counter[str], min_support: int) -> dict[str, Any] | None:
    """The commonest written form and every folded form, when the commonest is common enough."""
    preferred, count = written.most_common(1)[0]
    if count < min_support:
        return None
    return {"preferred": preferred, "forms": sorted({normalize_value(v) for v in written})}


def gold_forms(records: list[GoldRecord]) -> tuple[Written, dict[str, Written]]:
    """How the gold writes each (lower-case name, canonical value): over every category, and
    per lower-case category."""
    by_name: Written = defaultdict(Counter)
    by_category: dict[str, Written] = defaultdict(lambda: defaultdict(Counter))
    for record in tqdm(records, desc="gold forms"):
        category = (record.category or "").lower()
        for name, values in record.gold.items():
            for value in values:
                if not value.strip() or any(ch.isdigit() for ch in value):
                    continue
                key = (name.lower(), canonical_value(value))
                by_name[key][value.strip()] += 1
                by_category[category][key][value.strip()] += 1
    return by_name, by_category


def build(records: list[GoldRecord], min_support: int = MIN_SUPPORT) -> dict[str, Any]:
    """The forms file's content: per name, and per category where the category's entry differs
    from its name's."""
    by_name, by_category = gold_forms(records)
    names: dict[str, dict[str, Any]] = defaultdict(dict)
    for (name, canonical), written in sorted(by_name.items()):
        if entry := _entry(written, min_support):
            names[name][canonical] = entry
    categories: dict[str, dict[str, dict[str, Any]]] = {}
    for category, written_here in sorted(by_category.items()):
        for (name, canonical), written in sorted(written_here.items()):
            entry = _entry(written, min_support)
            if entry is not None and entry != names.get(name, {}).get(canonical):
                categories.setdefault(category, {}).setdefault(name, {})[canonical] = entry
    return {"min_support": min_support, "names": dict(names), "categories": categories}


def from_train(records: list[GoldRecord], min_support: int = MIN_SUPPORT) -> dict[str, Any]:
    """The forms file's content from train records, their held-out folds left out (they are the
    unseen-records check)."""
    return build(learnable(records), min_support)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", nargs="+", type=Path)
    parser.add_argument("--min-support", type=int, default=MIN_SUPPORT)
    args = parser.parse_args()
    records = [r for path in args.train for r in read_dataset(path)]
    content = from_train(records, args.min_support)
    header = (
        "# Built by evals/build_forms.py from the train splits "
        f"({', '.join(p.name for p in args.train)}) without their held-out folds; "
        "do not edit by hand.\n"
    )
    target = Path(str(resources.files("listingsmith.attributes").joinpath(FORMS_FILE)))
    target.write_text(
        header + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    print(f"wrote {target}: {len(content['names'])} names, {len(content['categories'])} categories")


if __name__ == "__main__":
    main()
