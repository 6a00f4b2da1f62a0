"""The singular product noun per language measured against hand labels (taxonomy_nouns.yaml):
the share of categories whose noun equals the label, per language, with the misses listed (a
null label: that language not labelled for the category).

    python -m evals.taxonomy_nouns [--rules-only]
"""

from __future__ import annotations

import argparse
import json
from unittest import mock

from listingsmith.lexicons import load_data
from listingsmith.taxonomy import nouns


def measure() -> dict[str, dict[str, object]]:
    """Accuracy and misses (id, noun, label) per language."""
    labelled = load_data("evals", "taxonomy_nouns.yaml")
    report: dict[str, dict[str, object]] = {}
    for index, language in enumerate(labelled["languages"]):
        labels = {
            category_id: labels[index]
            for category_id, labels in labelled["nouns"].items()
            if labels[index] is not None
        }
        misses = [
            (category_id, noun, label)
            for category_id, label in labels.items()
            if (noun := nouns.product_noun(category_id, language)) != label
        ]
        total = len(labels)
        report[language] = {
            "labelled": total,
            "accuracy": round(1 - len(misses) / total, 3),
            "misses": misses,
        }
    return report


def main() -> None:
    """Print the measure; --rules-only leaves noun_overrides.yaml out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules-only", action="store_true")
    args = parser.parse_args()
    if args.rules_only:
        with mock.patch.object(nouns, "overrides", dict):
            print(json.dumps(measure(), ensure_ascii=False, indent=1))
    else:
        print(json.dumps(measure(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
