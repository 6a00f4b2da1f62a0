"""Where extraction loses F1: each (record, asked name) pair's error kind, per dataset and per
attribute, and, with the model's kept answers (an eval run's model_answers.jsonl), how the
rules' value and the model's value compare where both answer: which to prefer per dataset and
attribute is measured here, on the part of the evaluation files set aside for tuning.

Error kinds: missed (gold, no value), hallucinated (a value where the gold has none), span (a
value that contains or sits inside the gold), normalisation (right only in canonical form), wrong.

    python -m evals.extract_errors DATASET.jsonl... --sample N [--model-answers FILE]
        [--part tune|check] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from evals.extract import _joined, _prompt_hash, _rules_only, names_by_record
from evals.extract_metrics import exact_match, normalized_match, relaxed_match
from evals.model_answers import ModelAnswers
from evals.run import sampled_files
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord

# The evaluation files' records are split by a hash of their id: the tune part may be looked
# at and tuned on; the check part only measured.
PARTS = {"tune": 0, "check": 1}


def part_of(record: GoldRecord) -> str:
    """ "tune" or "check": a hash of the record's id, stable across runs and machines."""
    return "tune" if zlib.crc32(record.id.encode("utf-8")) % 2 == PARTS["tune"] else "check"


def error_kind(gold: list[str], predicted: str | None) -> str:
    """right, missed, hallucinated, normalisation, span or wrong."""
    gold = [g for g in gold if g.strip()]
    if not gold:
        return "none" if predicted is None else "hallucinated"
    if predicted is None:
        return "missed"
    if exact_match(predicted, gold):
        return "right"
    if normalized_match(predicted, gold):
        return "normalisation"
    if relaxed_match(predicted, gold):
        return "span"
    return "wrong"


def analyse(
    records_by_dataset: dict[str, list[GoldRecord]],
    settings: Settings,
    answers: ModelAnswers | None,
    part: str | None,
) -> dict[str, Any]:
    """Error kinds of the fused choice, and rules against model where they differ."""
    asked = names_by_record(records_by_dataset)
    model = next(iter(answers.models()), None) if answers else None
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    duel: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for part_records in records_by_dataset.values():
        for record in part_records:
            if part and part_of(record) != part:
                continue
            names = asked[record.id]
            rules = _rules_only(record, names, settings)
            by_rules = {n: a.value for n, a in rules.chosen.items()}
            by_model: dict[str, str] = {}
            fused = by_rules
            if answers is not None and model is not None:
                kept = answers.replay(record.id, _prompt_hash(record, names, settings), model)
                if kept is not None:
                    by_model = {a.name: a.value for a in kept[0]}
                    joined = _joined(_rules_only(record, names, settings), kept[0], kept[2])
                    fused = {n: a.value for n, a in joined.chosen.items()}
            for name in names:
                gold = record.gold.get(name, [])
                kind = error_kind(gold, fused.get(name))
                for key in ("all", record.dataset, f"{record.dataset}:{name}"):
                    kinds[key][kind] += 1
                if by_model:
                    verdict = (
                        error_kind(gold, by_rules.get(name)),
                        error_kind(gold, by_model.get(name)),
                    )
                    for key in ("all", record.dataset, f"{record.dataset}:{name}"):
                        duel[key][f"rules={verdict[0]} model={verdict[1]}"] += 1
                if kind not in ("right", "none") and len(examples[record.dataset]) < 400:
                    examples[record.dataset].append(
                        {
                            "record": record.id,
                            "name": name,
                            "gold": gold,
                            "fused": fused.get(name),
                            "rules": by_rules.get(name),
                            "model": by_model.get(name),
                            "kind": kind,
                            "title": record.title[:140],
                        }
                    )
    return {
        "kinds": {k: dict(v) for k, v in sorted(kinds.items())},
        "rules_vs_model": {k: dict(v) for k, v in sorted(duel.items())},
        "examples": dict(examples),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--model-answers", type=Path, default=None)
    parser.add_argument("--part", choices=sorted(PARTS), default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings()
    records = sampled_files(args.datasets, args.sample, settings.eval_sample_seed)
    answers = ModelAnswers(args.model_answers) if args.model_answers else None
    result = analyse(records, settings, answers, args.part)
    for key, counts in result["kinds"].items():
        if ":" not in key:
            print(key, dict(sorted(counts.items())))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
