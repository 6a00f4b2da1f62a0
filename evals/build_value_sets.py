"""Build listingsmith/attributes/value_sets.yaml, the closed value sets: each group's published
options (ImplicitAVE's options_<group>.json) plus the values the train split's gold gives an
attribute of a group; per category its group (the group whose sets hold most of the category's
train gold values) and the attributes the train gold gives it: only those are closed there
(ImplicitAVE's clothing "Material" is a shoe's, not a pair of shorts'). A category's attribute
stays open when other train splits (--check) give it values outside the set: AE-110k's
"Shorts" have a "Solid" or "Print" pattern, which ImplicitAVE's pattern set lacks. Never reads
the evaluation files.

    python -m evals.build_value_sets OPTIONS_DIR TRAIN.jsonl... --check OTHER_TRAIN.jsonl...
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from evals.generated import write_attribute_data
from listingsmith.attributes.value_sets import VALUE_SETS_FILE
from listingsmith.datasets import GoldRecord, read_dataset

OPTIONS_PREFIX = "options_"
# A closed attribute of a category stays closed when at least this share of the other train
# splits' values for it are in its set.
MIN_SHARE_IN_SET = 0.9


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


def _gold(records: list[GoldRecord]) -> dict[str, Counter[tuple[str, str]]]:
    """Per category, how often each (attribute, value) is gold."""
    gold: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for record in records:
        for name, values in record.gold.items():
            gold[record.category or ""].update((name, value) for value in values)
    return gold


def _contradicted(
    names: set[str], values: dict[str, list[str]], other: Counter[tuple[str, str]]
) -> set[str]:
    """The names whose values in the other splits fall in the set less than MIN_SHARE_IN_SET."""
    out = set()
    for name in names:
        seen = {v: n for (o, v), n in other.items() if o == name}
        inside = sum(n for v, n in seen.items() if v in values.get(name, []))
        if seen and inside < MIN_SHARE_IN_SET * sum(seen.values()):
            out.add(name)
    return out


def build(
    options: dict[str, dict[str, list[str]]],
    records: list[GoldRecord],
    checks: list[GoldRecord] = (),
) -> dict[str, dict[str, object]]:
    """The registry: groups (attribute -> values) and categories (category -> its group and
    the attribute names closed there)."""
    gold, other = _gold(records), _gold(list(checks))
    groups = {group: {n: list(v) for n, v in sets.items()} for group, sets in options.items()}
    categories = {}
    for category, found in sorted(gold.items()):
        group = _group_of(found, options)
        for name, value in sorted(found):
            known = groups[group].setdefault(name, [])
            if value not in known:
                known.append(value)
        names = {n for n, _ in found}
        names -= _contradicted(names, groups[group], other.get(category, Counter()))
        categories[category] = {"group": group, "names": sorted(names)}
    return {"groups": groups, "categories": categories}


def main() -> None:
    """Read the options and the train files, build, write the registry beside its reader."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("options", type=Path)
    parser.add_argument("train", nargs="+", type=Path)
    parser.add_argument("--check", nargs="*", type=Path, default=[])
    args = parser.parse_args()
    records = [r for path in args.train for r in read_dataset(path)]
    checks = [r for path in args.check for r in read_dataset(path)]
    content = build(published_options(args.options), records, checks)
    built_from = (
        "ImplicitAVE's published options and the train "
        f"split ({', '.join(p.name for p in args.train)}), checked against "
        f"{', '.join(p.name for p in args.check) or 'nothing'}"
    )
    target = write_attribute_data(VALUE_SETS_FILE, "build_value_sets.py", built_from, content)
    groups, categories = len(content["groups"]), len(content["categories"])
    print(f"wrote {target}: {groups} groups, {categories} categories")


if __name__ == "__main__":
    main()
