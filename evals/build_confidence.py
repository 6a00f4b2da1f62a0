"""Build listingsmith/attributes/confidence.yaml from train splits (never the evaluation files):
the text model answers a seeded sample of records (each asked its category's names, as in
`eval --task extract`); each value it gives for a name the record's gold answers is right or
not (an exact match). Per evidence kind (written in the text, or inferred) an isotonic map
(training.values.isotonic) takes the stated confidence to the share right. The even records
fit and the odd ones measure the expected calibration error before and after; the shipped
knots are fitted on all of them.

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

from evals.extract import names_by_record
from evals.extract_metrics import exact_match, reliability
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
    the fit part."""
    out = {}
    for kind, items in sorted(test_part.items()):
        if kind in fit_part:
            knots = fitted(fit_part[kind])
            after = [(float(np.interp(c, knots["x"], knots["y"])), r) for c, r in items]
            out[kind] = {
                "values": len(items),
                "ece_stated": reliability(items)["ece"],
                "ece_calibrated": reliability(after)["ece"],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", type=Path, nargs="+", help="train-split JSONL files")
    parser.add_argument("--sample", type=int, default=20, help="seeded records per file")
    parser.add_argument("--out", type=Path, help="default: the package's calibration file")
    args = parser.parse_args()
    content = build(args.datasets, args.sample, Settings())
    out = args.out or Path(str(resources.files("listingsmith.attributes") / CALIBRATION_FILE))
    out.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), "utf-8")
    print(yaml.safe_dump(content["card"], sort_keys=False))


if __name__ == "__main__":
    main()
