"""Estimate the adequacy check's length-ratio bounds (target chars / English chars) per language
from parallel training text: the Tatoeba train pairs, and the taxonomy's names for Italian
(Tatoeba has no Italian file). Prints YAML to paste into listingsmith/checks/adequacy.yaml.
Run: python -m evals.length_ratios ../shared/data"""

from __future__ import annotations

import gzip
import hashlib
import json
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

# Pairs whose English side is shorter than this are left out (the check skips them too).
MIN_SOURCE_CHARS = 30
# The share of pairs left outside the bounds at each end.
TAIL = 0.005
# One pair in this many (by a hash of its id) is held out for the adequacy labelled set.
HELD_OUT_EVERY = 50


def is_held_out(pair_id: str) -> bool:
    """Whether a Tatoeba pair is kept for the labelled set, not for estimating the bounds."""
    return int(hashlib.sha256(pair_id.encode()).hexdigest(), 16) % HELD_OUT_EVERY == 0


def tatoeba_pairs(data: Path, language: str) -> Iterator[tuple[str, str, str]]:
    """(id, English, target) pairs of one Tatoeba file."""
    with gzip.open(data / "translation-train" / f"tatoeba-en-{language}.jsonl.gz", "rt") as f:
        for line in f:
            pair = json.loads(line)
            yield pair["id"], pair["en"], pair[language]


def taxonomy_pairs(data: Path, language: str) -> Iterator[tuple[str, str]]:
    """(English, target) category names of the Shopify taxonomy."""
    with (data / "taxonomy" / "shopify-categories-2024-07.jsonl").open(encoding="utf-8") as f:
        for line in f:
            names = json.loads(line)["names"]
            yield names["en"], names[language]


def bounds(pairs: Iterator[tuple[str, str]]) -> dict[str, float | int]:
    """The TAIL and 1 - TAIL quantiles of the character-length ratio, and the pair count."""
    ratios = sorted(
        len(target.strip()) / len(english.strip())
        for english, target in pairs
        if len(english.strip()) >= MIN_SOURCE_CHARS and target.strip()
    )
    cuts = statistics.quantiles(ratios, n=int(1 / TAIL))
    return {"min": round(cuts[0], 2), "max": round(cuts[-1], 2), "pairs": len(ratios)}


def main(data: Path) -> None:
    print(f"min_source_chars: {MIN_SOURCE_CHARS}")
    print("length_ratio:")
    for language in ("de", "fr", "es", "it", "ja", "zh"):
        if language == "it":
            found = bounds(taxonomy_pairs(data, language))
        else:
            pairs = tatoeba_pairs(data, language)
            found = bounds(
                (en, target) for pair_id, en, target in pairs if not is_held_out(pair_id)
            )
        print(f"  {language}: {json.dumps(found)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
