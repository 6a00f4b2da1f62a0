"""Build listingsmith/attributes/fusion.yaml: which reading wins, per attribute name, where the
text extractors (patterns, the learned vocabulary, the tagger) and the text model's value
written in the text differ. Counted on the tune part of the evaluation files (a hash of each
record's id, evals/extract_errors.py; the check part is never read) from the model answers an
`eval --task extract` run kept (its model_answers.jsonl): the extract adapter was trained on
every train record, so its answers there are no measure of it. A name goes model-first when
the model was right more often than the rules in their disagreements; a name with fewer than
`min_support` disagreements, or as many won by each, follows all names together.

    python -m evals.build_fusion DATASET.jsonl... --sample N --model-answers FILE
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from evals.extract import _prompt_hash, _rules_only, names_by_record
from evals.extract_errors import part_of
from evals.extract_metrics import exact_match
from evals.generated import write_attribute_data
from evals.model_answers import ModelAnswers
from evals.run import sampled_files
from listingsmith.attributes.fusion import FUSION_FILE
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord
from listingsmith.domain import Attribute

MIN_SUPPORT = 4
ALL = "*"


def winner(gold: list[str], rules: Attribute, model: Attribute) -> str:
    """Who was right where the two differ: "rules", "model" or "neither"."""
    if not [g for g in gold if g.strip()]:
        return "neither"
    if exact_match(model.value, gold):
        return "model"
    return "rules" if exact_match(rules.value, gold) else "neither"


def disagreements(
    records_by_dataset: dict[str, list[GoldRecord]], settings: Settings, answers: ModelAnswers
) -> dict[str, Counter[str]]:
    """Per lower-case name (and ALL), who was right where the rules' chosen value and the
    model's grounded value differ, over the tune part's records."""
    asked = names_by_record(records_by_dataset)
    (model,) = answers.models()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for part in records_by_dataset.values():
        for record in part:
            if part_of(record) != "tune":
                continue
            names = asked[record.id]
            kept = answers.replay(record.id, _prompt_hash(record, names, settings), model)
            if kept is None:
                continue
            rules = _rules_only(record, names, settings).chosen
            for found in kept[0]:
                mine = rules.get(found.name)
                if not found.evidence or mine is None or exact_match(found.value, [mine.value]):
                    continue
                who = winner(record.gold.get(found.name, []), mine, found)
                counts[found.name.lower()][who] += 1
                counts[ALL][who] += 1
    return counts


def build(counts: dict[str, Counter[str]], min_support: int = MIN_SUPPORT) -> dict:
    """The fusion file's content: the default, the names that differ from it, the counts."""
    overall = counts.get(ALL, Counter())
    default = overall["model"] > overall["rules"]
    names = {}
    for name, seen in sorted(counts.items()):
        if name == ALL or seen["model"] + seen["rules"] < min_support:
            continue
        if seen["model"] == seen["rules"]:  # a tie says nothing against the default
            continue
        first = seen["model"] > seen["rules"]
        if first != default:
            names[name] = first
    return {
        "model_first": {"default": default, "names": names},
        "counts": {name: dict(seen) for name, seen in sorted(counts.items())},
        "min_support": min_support,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--model-answers", type=Path, required=True)
    args = parser.parse_args()
    settings = Settings()
    records = sampled_files(args.datasets, args.sample, settings.eval_sample_seed)
    answers = ModelAnswers(args.model_answers)
    content = build(disagreements(records, settings, answers))
    (model,) = answers.models()
    built_from = (
        f"the tune part of {', '.join(p.name for p in args.datasets)} (sample {args.sample}),"
        f" answers of {model}"
    )
    target = write_attribute_data(FUSION_FILE, "build_fusion.py", built_from, content)
    print(f"wrote {target}: {content['model_first']}")


if __name__ == "__main__":
    main()
