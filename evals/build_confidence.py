"""Build listingsmith/attributes/confidence.yaml: the text model's values, each right or not
(an exact match with the record's gold), and per evidence kind (written in the text, or
inferred) an isotonic map (training.values.isotonic) from the stated confidence to the share
right. Two ways:

- `--model-answers FILE` (the way the shipped file is built): the answers an `eval --task
  extract` run kept for the evaluation files (its model_answers.jsonl), records the extract
  adapter never saw (it was trained on the train splits). The map is fitted on the tune part
  of those records (evals/extract_errors.part_of) and the check part only measures it: its
  reliability curve and expected calibration error, stated and calibrated.
- without it, the model answers a seeded sample of train records, the even ones fit and the odd
  ones measure, and the knots are fitted on all. The adapter was trained on those records, so
  this map is optimistic for new ones (0.90 for a grounded value right 81 % of the time).

    python -m evals.build_confidence DEV.jsonl... --sample N --model-answers FILE
    python -m evals.build_confidence TRAIN.jsonl... --sample N
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import openai
import yaml

from evals.extract import _prompt_hash, names_by_record
from evals.extract_errors import part_of
from evals.extract_metrics import exact_match, reliability
from evals.model_answers import ModelAnswers
from evals.run import sampled_files
from listingsmith.attributes.confidence import CALIBRATION_FILE, evidence_kind
from listingsmith.attributes.model_extract import SOURCE, TASK, model_attributes
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord
from listingsmith.domain import Attribute
from listingsmith.serving.client import ModelClient, ModelOutputError
from listingsmith.serving.connect import connect
from listingsmith.training.values import isotonic

Scored = dict[str, list[tuple[float, bool]]]


async def model_answers(
    records: list[GoldRecord], asked: dict[str, list[str]], client: ModelClient, settings: Settings
) -> list[list[Attribute] | None]:
    """Each record's model values (None where the answer never parsed or the call failed)."""
    slots = asyncio.Semaphore(settings.max_model_concurrency)

    async def one(record: GoldRecord) -> list[Attribute] | None:
        async with slots:
            try:
                return await model_attributes(
                    client,
                    record.text,
                    record.category,
                    asked[record.id],
                    settings.extract_sampling,
                    settings.extraction_limits,
                    settings.model_output_retries,
                )
            except (ModelOutputError, openai.APIError):
                return None

    return await asyncio.gather(*(one(r) for r in records))


def scored(records: list[GoldRecord], answers: list[list[Attribute] | None]) -> Scored:
    """Per evidence kind, (stated confidence, right) of every value the gold can judge."""
    by_kind: Scored = defaultdict(list)
    for record, values in zip(records, answers, strict=True):
        for value in values or []:
            gold = [g for g in record.gold.get(value.name, []) if g.strip()]
            if gold:
                by_kind[evidence_kind(value)].append(
                    (value.confidence, exact_match(value.value, gold))
                )
    return by_kind


def fitted(items: list[tuple[float, bool]]) -> dict[str, Any]:
    """Isotonic knots of (confidence, right) items, with how many values and how many right."""
    x, y = isotonic([c for c, _ in items], [r for _, r in items])
    return {
        "x": [float(v) for v in x],
        "y": [float(v) for v in y],
        "values": len(items),
        "right": sum(r for _, r in items),
    }


def heldout(fit_part: Scored, test_part: Scored) -> dict[str, Any]:
    """Per kind, the test part's expected calibration error as stated and once calibrated on
    the fit part, and its reliability curve once calibrated (per confidence bin: values, mean
    confidence, share right)."""
    out = {}
    for kind, items in sorted(test_part.items()):
        if kind in fit_part:
            knots = fitted(fit_part[kind])
            after = [(float(np.interp(c, knots["x"], knots["y"])), r) for c, r in items]
            curve = reliability(after)
            out[kind] = {
                "values": len(items),
                "right": sum(r for _, r in items),
                "ece_stated": reliability(items)["ece"],
                "ece_calibrated": curve["ece"],
                "curve": [
                    {k: row[k] for k in ("values", "confidence", "right")} for row in curve["bins"]
                ],
            }
    return out


def build(paths: list[Path], sample: int, settings: Settings) -> dict[str, Any]:
    """The calibration file's content: the card and the text model's knots per kind."""
    started = time.perf_counter()
    seed = settings.eval_sample_seed
    by_file = sampled_files(paths, sample, seed)
    asked = names_by_record(by_file)
    records = [r for part in by_file.values() for r in part if asked[r.id]]
    with connect(settings) as client:
        answers = asyncio.run(model_answers(records, asked, client, settings))
    every = scored(records, answers)
    card = {
        "method": "isotonic (pool-adjacent-violators) of stated confidence against exact match "
        "with the gold, per evidence kind",
        "data_files": [p.name for p in paths],
        "sample_per_file": sample,
        "sample_seed": seed,
        "records": len(records),
        "failed_answers": sum(a is None for a in answers),
        "model": client.model_id,
        "served_for_extract": client.model_for(TASK),
        "stated": {
            "grounded": settings.extraction_limits.grounded_confidence,
            "inferred": settings.extraction_limits.ungrounded_confidence,
        },
        "heldout_odd_records": heldout(
            scored(records[0::2], answers[0::2]), scored(records[1::2], answers[1::2])
        ),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return {"card": card, "sources": {SOURCE: {k: fitted(v) for k, v in sorted(every.items())}}}


def kept_answers(
    records: list[GoldRecord],
    asked: dict[str, list[str]],
    answers: ModelAnswers,
    settings: Settings,
) -> list[list[Attribute] | None]:
    """Each record's kept model values (None where none was kept or the answer never parsed)."""
    (model,) = answers.models()
    out: list[list[Attribute] | None] = []
    for record in records:
        kept = answers.replay(record.id, _prompt_hash(record, asked[record.id], settings), model)
        out.append(None if kept is None or kept[2] else kept[0])
    return out


def build_from_answers(
    paths: list[Path], sample: int | None, answers: ModelAnswers, settings: Settings
) -> dict[str, Any]:
    """The calibration file's content from kept answers on the evaluation files: knots fitted
    on the tune part, measured on the check part."""
    seed = settings.eval_sample_seed
    by_file = sampled_files(paths, sample, seed)
    asked = names_by_record(by_file)
    records = [r for part in by_file.values() for r in part if asked[r.id]]
    values = kept_answers(records, asked, answers, settings)
    parts: dict[str, tuple[list[GoldRecord], list[list[Attribute] | None]]] = {
        p: ([], []) for p in ("tune", "check")
    }
    for record, found in zip(records, values, strict=True):
        parts[part_of(record)][0].append(record)
        parts[part_of(record)][1].append(found)
    tune, check = scored(*parts["tune"]), scored(*parts["check"])
    (served,) = answers.models()
    model, _, adapter = served.partition(":")
    card = {
        "method": "isotonic (pool-adjacent-violators) of stated confidence against exact match "
        "with the gold, per evidence kind, fitted on the tune part of the evaluation files "
        "(records the adapter never saw), measured on their check part",
        "data_files": [p.name for p in paths],
        "sample_per_file": sample,
        "sample_seed": seed,
        "records": {p: len(parts[p][0]) for p in parts},
        "failed_answers": sum(v is None for v in values),
        "model": model,
        "served_for_extract": adapter,
        "stated": {
            "grounded": settings.extraction_limits.grounded_confidence,
            "inferred": settings.extraction_limits.ungrounded_confidence,
        },
        "check_part": heldout(tune, check),
    }
    return {"card": card, "sources": {SOURCE: {k: fitted(v) for k, v in sorted(tune.items())}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", type=Path, nargs="+", help="JSONL files (see above)")
    parser.add_argument("--sample", type=int, default=20, help="seeded records per file")
    parser.add_argument("--model-answers", type=Path, help="an eval run's model_answers.jsonl")
    parser.add_argument("--out", type=Path, help="default: the package's calibration file")
    args = parser.parse_args()
    settings = Settings()
    if args.model_answers:
        answers = ModelAnswers(args.model_answers)
        content = build_from_answers(args.datasets, args.sample, answers, settings)
    else:
        content = build(args.datasets, args.sample, settings)
    out = args.out or Path(str(resources.files("listingsmith.attributes") / CALIBRATION_FILE))
    out.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), "utf-8")
    print(yaml.safe_dump(content["card"], sort_keys=False))


if __name__ == "__main__":
    main()
