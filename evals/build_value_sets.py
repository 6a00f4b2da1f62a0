"""Build listingsmith/attributes/value_sets.yaml, the closed value sets: each group's published
options (ImplicitAVE's options_<group>.json) plus the values the train split's gold gives an
attribute of a group; per category its group (the group whose sets hold most of the category's
train gold values) and the attributes the train gold gives it: only those are closed there
(ImplicitAVE's clothing "Material" is a shoe's, not a pair of shorts'). Never reads the
evaluation files.

    python -m evals.build_value_sets OPTIONS_DIR TRAIN.jsonl...
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import yaml

from listingsmith.attributes.value_sets import VALUE_SETS_FILE
from listingsmith.datasets import GoldRecord, read_dataset

OPTIONS_PREFIX = "options_"


def published_options(folder: Path) -> dict[str, dict[str, list[str]]]:
    """Per group (the file name after "options_"), each attribute's published values."""
    return {
        path.stem.removeprefix(OPTIONS_PREFIX): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob(f"{OPTIONS_PREFIX}*.json"))
    }


def _group_of(gold: Counter[tuple[str, str]], options: dict[str, dict[str, list[str]]]) -> str:
    """The group whose published sets hold most of a category's (attribute, value) gold."""
    return max(
        sorted(options),
        key=lambda group: sum(
            count for (name, value), count in gold.items() if value in options[group].get(name, [])
        ),
    )


def build(
    options: dict[str, dict[str, list[str]]], records: list[GoldRecord]
) -> dict[str, dict[str, object]]:
    """The registry: groups (attribute -> values) and categories (category -> its group and
    attribute names)."""
    gold: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for record in records:
        for name, values in record.gold.items():
            gold[record.category or ""].update((name, value) for value in values)
    groups = {group: {n: list(v) for n, v in sets.items()} for group, sets in options.items()}
    categories = {}
    for category, found in sorted(gold.items()):
        group = _group_of(found, options)
        categories[category] = {"group": group, "names": sorted({n for n, _ in found})}
        for name, value in sorted(found):
            known = groups[group].setdefault(name, [])
            if value not in known:
                known.append(value)
    return {"groups": groups, "categories": categories}


def main() -> None:
    """Read the options and the train files, build, write the registry beside its reader."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("options", type=Path)
    parser.add_argument("train", nargs="+", type=Path)
    args = parser.parse_args()
    records = [r for path in args.train for r in read_dataset(path)]
    content = build(published_options(args.options), records)
    header = (
        "# Built by evals/build_value_sets.py from ImplicitAVE's published options and the train "
        f"split ({', '.join(p.name for p in args.train)}); do not edit by hand.\n"
    )
    target = resources.files("listingsmith.attributes").joinpath(VALUE_SETS_FILE)
    Path(str(target)).write_text(
        header + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    groups, categories = len(content["groups"]), len(content["categories"])
    print(f"wrote {target}: {groups} groups, {categories} categories")


if __name__ == "__main__":
    main()
