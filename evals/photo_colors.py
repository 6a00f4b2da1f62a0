"""Pixel colours against the colours a record states: its colour gold values, else the colour
words of its title. Top-1 (the first reported colour is a stated one), top-k (any reported colour
is), acceptable (any reported colour is a stated one or one a photo cannot tell from it, the
relation the photo conflict check uses) and no colour reported, over the records with a photo.

    python -m evals.photo_colors ../shared/data/products/implicitave.jsonl [--misses N]
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

from evals.build_seller_colors import color_values
from listingsmith.attributes.colornames import alike_colors, color_families
from listingsmith.attributes.photo import PhotoError, pixel_attributes
from listingsmith.attributes.value_sets import VALUE_SETS_FILE
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, read_dataset
from listingsmith.domain import Attribute
from listingsmith.lexicons import load_data
from listingsmith.text.terms import find_terms


@dataclass(frozen=True)
class Judged:
    """One photo's reported colours (families, in rank order) against the stated ones."""

    record: GoldRecord
    stated: frozenset[str]
    reported: tuple[str, ...]
    names: tuple[str, ...]


def stated_colors(record: GoldRecord) -> frozenset[str]:
    """Lexicon colours of the record's colour gold values, else of its title."""
    texts = color_values(record) or [record.title]
    return frozenset(m.canonical for text in texts for m in find_terms(text, "colors", "en"))


Reading = tuple[GoldRecord, frozenset[str], list[Attribute]]


def photo_readings(records: list[GoldRecord], settings: Settings) -> tuple[list[Reading], int]:
    """Per record with a photo and a stated colour: the record, its stated colours and the
    pixel colours read from the photo; and how many photos failed to read."""
    out, failed = [], 0
    for record in records:
        stated = stated_colors(record)
        if record.image is None or not stated:
            continue
        try:
            found = pixel_attributes(record.image, settings, record.category)
        except PhotoError:
            failed += 1
            continue
        out.append((record, stated, found))
    return out, failed


def judge(records: list[GoldRecord], settings: Settings) -> tuple[list[Judged], int]:
    """Every record with a photo and a stated colour, judged; and how many photos failed."""
    readings, failed = photo_readings(records, settings)
    judged = []
    for record, stated, found in readings:
        reported = tuple(dict.fromkeys(f for a in found for f in sorted(color_families(a.value))))
        judged.append(Judged(record, stated, reported, tuple(a.value for a in found)))
    return judged, failed


def scores(judged: list[Judged]) -> dict[str, float]:
    """Shares of the judged photos (percent, one decimal)."""
    total = len(judged) or 1

    def share(hits: int) -> float:
        return round(100 * hits / total, 1)

    return {
        "top1": share(sum(bool(j.reported) and j.reported[0] in j.stated for j in judged)),
        "topk": share(sum(bool(set(j.reported) & j.stated) for j in judged)),
        "acceptable": share(sum(_acceptable(j) for j in judged)),
        "none_reported": share(sum(not j.reported for j in judged)),
    }


def by_group(judged: list[Judged]) -> dict[str, list[Judged]]:
    """The judged photos by their category's group in the value-set registry (ImplicitAVE's
    Clothing_Shoes_and_Jewelry, Food, Home), "other" where it has none."""
    registry = load_data("listingsmith.attributes", VALUE_SETS_FILE)["categories"]
    groups: dict[str, list[Judged]] = {}
    for one in judged:
        group = registry.get(one.record.category or "", {}).get("group", "other")
        groups.setdefault(group, []).append(one)
    return groups


def _acceptable(judged: Judged) -> bool:
    return any(alike_colors(s, r) for s in judged.stated for r in judged.reported)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data", type=Path, nargs="+")
    parser.add_argument("--misses", type=int, default=0, help="print this many top-1 misses")
    args = parser.parse_args()
    settings = Settings()
    records = [r for path in args.data for r in read_dataset(path)]
    started = time.perf_counter()
    judged, failed = judge(records, settings)
    seconds = time.perf_counter() - started
    result = {"photos": len(judged), "unreadable": failed, **scores(judged)}
    result["ms_per_photo"] = round(1000 * seconds / max(1, len(judged) + failed), 1)
    print(json.dumps(result))
    for group, part in sorted(by_group(judged).items()):
        print(json.dumps({"group": group, "photos": len(part), **scores(part)}))
    misses = [j for j in judged if not j.reported or j.reported[0] not in j.stated]
    for miss in misses[: args.misses]:
        print(f"{miss.record.image.name}\t{sorted(miss.stated)}\t{miss.names}\t{miss.record.title}")


if __name__ == "__main__":
    main()
