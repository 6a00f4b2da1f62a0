"""Build listingsmith/attributes/values.yaml from train splits (never the evaluation files):
known values per attribute, known brands, and each extractor kind's precision per attribute.
The held-out folds (attributes/tagger.yaml, by a hash of each record's id) are never read: they
are the unseen-records check, and a vocabulary that has seen their gold values flatters it.

    python -m evals.build_vocabulary TRAIN.jsonl... [--max-per-file N]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from tqdm import tqdm

from evals.build_tagger import fold_of
from evals.generated import train_splits, write_attribute_data
from listingsmith.attributes.named import VALUES_KIND, Extraction, kind_map
from listingsmith.attributes.tagger import spec
from listingsmith.attributes.vocabulary import VOCABULARY_FILE, find_known, normalize_value
from listingsmith.datasets import GoldRecord, category_attribute_names, read_dataset
from listingsmith.text.spans import Span

BRAND_KIND = "known_brand"
UNMEASURED_KINDS = {VALUES_KIND, "seller_brand", BRAND_KIND}
# A category's own precision for a kind is kept when the kind found something this often there.
MIN_CATEGORY_FINDS = 10


def _records_by_name(records: list[GoldRecord]) -> dict[str, list[GoldRecord]]:
    """Per lower-case attribute name, the records whose category asks for it in their own
    dataset (a category name such as "Shoes" can mean other attributes in another dataset)."""
    by_dataset: dict[str, list[GoldRecord]] = defaultdict(list)
    for record in records:
        by_dataset[record.dataset].append(record)
    by_name: dict[str, list[GoldRecord]] = defaultdict(list)
    for part in by_dataset.values():
        names = category_attribute_names(part)
        for record in part:
            for name in names[record.category]:
                by_name[name.lower()].append(record)
    return by_name


def _gold(record: GoldRecord, name: str) -> set[str]:
    return {
        normalize_value(v) for key, vs in record.gold.items() if key.lower() == name for v in vs
    }


def _precise(
    records: list[GoldRecord], name: str, known: set[str], min_precision: float, min_support: int
) -> dict[str, float]:
    """Of `known`, the values right often enough where found, with their precision."""
    lookup = dict.fromkeys(known, 1.0)
    found: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for record in records:
        gold = _gold(record, name)
        for value in {normalize_value(s.surface) for s, _ in find_known(record.text, lookup)}:
            found[value] += 1
            right[value] += value in gold
    return {
        value: round(right[value] / found[value], 3)
        for value in found
        if right[value] >= min_support and right[value] / found[value] >= min_precision
    }


def _kind_precision(
    records: list[GoldRecord], name: str, kind: str, min_support: int
) -> tuple[float | None, dict[str, float]]:
    """Share of the kind's first finds that were the gold value: over all records, and per
    category (lower-case) where the category has enough finds."""
    given: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for record in records:
        spans: list[Span] = Extraction(record.text, "en", None).spans(kind)
        if spans:
            category = (record.category or "").lower()
            given[category] += 1
            right[category] += normalize_value(spans[0].surface) in _gold(record, name)
    total_right, total_given = sum(right.values()), sum(given.values())
    overall = round(total_right / total_given, 3) if total_right >= min_support else None
    per_category = {
        c: round(right[c] / given[c], 3) for c in given if given[c] >= MIN_CATEGORY_FINDS
    }
    return overall, per_category


def build(records: list[GoldRecord]) -> dict:
    """The vocabulary file's content."""
    settings = kind_map().build
    min_precision, min_support = settings["min_precision"], int(settings["min_support"])
    by_name = _records_by_name(records)
    values: dict[str, dict[str, float]] = {}
    brands: dict[str, float] = {}
    kinds: dict[str, dict[str, float]] = {}
    category_kinds: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    for name, part in tqdm(sorted(by_name.items()), desc="attributes"):
        gold_values = {v for r in part for v in _gold(r, name) if v}
        allowed = kind_map().kinds.get(name, [])
        if BRAND_KIND in allowed:
            support = int(settings["min_brand_support"])
            brands.update(_precise(part, name, gold_values, min_precision, support))
        found = _precise(part, name, gold_values, min_precision, min_support)
        if found:
            values[name] = dict(sorted(found.items()))
        measured = {}
        for kind in allowed:
            if kind in UNMEASURED_KINDS:
                continue
            overall, per_category = _kind_precision(part, name, kind, min_support)
            if overall is not None:
                measured[kind] = overall
            for category, precision in per_category.items():
                category_kinds[category].setdefault(name, {})[kind] = precision
        kinds[name] = measured
    return {
        "kinds": kinds,
        "category_kinds": dict(sorted(category_kinds.items())),
        "values": values,
        "brands": dict(sorted(brands.items())),
    }


def learnable(records: list[GoldRecord]) -> list[GoldRecord]:
    """The records the vocabulary may learn from: every fold but the held-out ones."""
    heldout = set(spec()["heldout_folds"])
    return [r for r in records if fold_of(r) not in heldout]


def main() -> None:
    """Read the train files (but their held-out folds), build, write the vocabulary beside the
    extractors."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", nargs="+", type=Path)
    parser.add_argument("--max-per-file", type=int, default=None)
    args = parser.parse_args()
    records = [r for path in args.train for r in read_dataset(path, args.max_per_file)]
    content = build(learnable(records))
    target = write_attribute_data(
        VOCABULARY_FILE, "build_vocabulary.py", train_splits(args.train), content
    )
    print(f"wrote {target}: {len(content['values'])} attributes, {len(content['brands'])} brands")


if __name__ == "__main__":
    main()
