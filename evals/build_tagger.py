"""Build the open-attribute tagger (listingsmith/attributes/models/tagger.crfsuite + tagger.json)
from train splits only (python-crfsuite). Each record's fold is fixed by a hash of its id
(attributes/tagger.yaml): the held-out folds are never trained on and give the card's score and
the unseen-records files (--heldout-out DIR/<dataset>.jsonl, for `listingsmith eval`); a model
trained without the calibration folds fits the isotonic confidence there; the shipped model is
trained on every other fold.

    python -m evals.build_tagger TRAIN.jsonl... [--heldout-out DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import zlib
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from tqdm import tqdm

from evals.extract_metrics import Pair, exact_match, score
from listingsmith.attributes.tagger import (
    CARD_FILE,
    MODEL_FILE,
    MODELS,
    best_spans,
    bio_labels,
    features,
    spec,
    tag,
)
from listingsmith.datasets import GoldRecord, category_attribute_names, read_dataset
from listingsmith.training.values import isotonic

# Stands for "every span" where the calibration is not fitted yet.
IDENTITY = {"x": [0.0, 1.0], "y": [0.0, 1.0]}


def fold_of(record: GoldRecord) -> int:
    """The record's fold: a hash of its id, stable across runs and machines."""
    return zlib.crc32(record.id.encode("utf-8")) % spec()["folds"]


def asked_names(records: list[GoldRecord]) -> dict[str, list[str]]:
    """Per record id, its category's names in its own file's gold (ExtractGPT's setting)."""
    by_file: dict[str, list[GoldRecord]] = defaultdict(list)
    for record in records:
        by_file[record.dataset].append(record)
    asked = {}
    for part in by_file.values():
        names = category_attribute_names(part)
        asked.update({r.id: names[r.category] for r in part})
    return asked


Sequence = tuple[list[list[str]], list[str]]


def sequence(record: GoldRecord) -> Sequence:
    """A train record's token features and its gold values' labels."""
    tokens, rows = features(record.text, record.category)
    return rows, bio_labels(record.text, tokens, record.gold)


def fit(sequences: list[Sequence], path: Path) -> Any:
    """Train a CRF on labelled sequences and open it."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for rows, labels in sequences:
        trainer.append(rows, labels)
    trainer.set_params(spec()["crfsuite"])
    trainer.train(str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def calibration_points(
    tagger: Any, records: list[GoldRecord], asked: dict[str, list[str]]
) -> tuple[list[float], list[bool]]:
    """Each asked name's best tagged span on records the tagger did not see: its probability
    and whether it was a gold value."""
    scores, hits = [], []
    for record in tqdm(records, desc="calibration"):
        for found in best_spans(
            tag(tagger, record.text, record.category), asked[record.id], IDENTITY
        ):
            scores.append(found.confidence)
            hits.append(exact_match(found.value, record.gold.get(found.name, [])))
    return scores, hits


def heldout_scores(
    tagger: Any,
    records: list[GoldRecord],
    asked: dict[str, list[str]],
    knots: dict[str, list[float]],
    threshold: float,
) -> dict[str, Any]:
    """The tagger alone on the held-out records: micro F1 overall and per train file."""
    pairs = []
    for record in tqdm(records, desc="held-out"):
        spans = tag(tagger, record.text, record.category)
        chosen = {
            a.name: a.value
            for a in best_spans(spans, asked[record.id], knots)
            if a.confidence >= threshold
        }
        pairs += [
            Pair(
                record.dataset,
                record.id,
                record.category,
                name,
                tuple(record.gold.get(name, [])),
                chosen.get(name),
            )
            for name in asked[record.id]
        ]
    metrics = score(pairs)
    return {
        "f1": metrics["f1"],
        "precision": metrics["precision"],
        "recall": metrics["recall"],
        "pairs": metrics["pairs"],
        "per_file": {d: v["f1"] for d, v in metrics["per_dataset"].items()},
    }


def write_heldout(paths: list[Path], out: Path) -> None:
    """The held-out folds' lines of each train file as OUT/<dataset>.jsonl (the dataset name
    without its split, so the eval reports it under the dataset's own name)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        records = {r.id: r for r in read_dataset(path)}
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines():
            record = records.get(json.loads(line)["id"]) if line.strip() else None
            if record is not None and fold_of(record) in spec()["heldout_folds"]:
                kept.append(line + "\n")
        (out / f"{path.stem.removesuffix('-train')}.jsonl").write_text("".join(kept), "utf-8")


def build(paths: list[Path], threshold: float) -> tuple[dict[str, Any], bytes]:
    """Train, calibrate, retrain, score; the card and the model file's bytes."""
    started = time.perf_counter()
    settings = spec()
    records = [r for path in paths for r in read_dataset(path)]
    asked = asked_names(records)
    folds = [fold_of(r) for r in records]
    heldout = [r for r, f in zip(records, folds, strict=True) if f in settings["heldout_folds"]]
    calibration = [
        r for r, f in zip(records, folds, strict=True) if f in settings["calibration_folds"]
    ]
    fitting = [
        sequence(r)
        for r, f in zip(tqdm(records, desc="features"), folds, strict=True)
        if f not in settings["heldout_folds"] and f not in settings["calibration_folds"]
    ]
    with tempfile.TemporaryDirectory() as work:
        split = fit(fitting, Path(work) / "split.crfsuite")
        scores, hits = calibration_points(split, calibration, asked)
        xs, ys = isotonic(scores, hits)
        knots = {"x": xs, "y": ys}
        final_path = Path(work) / MODEL_FILE
        final = fit(fitting + [sequence(r) for r in calibration], final_path)
        model_bytes = final_path.read_bytes()
        labels = final.labels()
        measured = heldout_scores(final, heldout, asked, knots, threshold)
    card = {
        "task": "tagger",
        "data_files": [p.name for p in paths],
        "records": {"fit": len(fitting), "calibration": len(calibration), "heldout": len(heldout)},
        "labels": len(labels),
        "model_bytes": len(model_bytes),
        "heldout": {"threshold": threshold, **measured},
        "calibration": {"method": "isotonic (calibration folds, model without them)", **knots},
        "calibration_spans": {"spans": len(hits), "right": sum(hits)},
        "settings": settings,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if len(model_bytes) > settings["max_model_bytes"]:
        raise SystemExit(
            f"tagger model {len(model_bytes)} bytes > max_model_bytes "
            f"{settings['max_model_bytes']}: raise crfsuite c1 in tagger.yaml"
        )
    return card, model_bytes


def main() -> None:
    """Build from the train files; write the model and its card beside the tagger."""
    from listingsmith.attributes.named import kind_map

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", nargs="+", type=Path)
    parser.add_argument("--heldout-out", type=Path, default=None)
    args = parser.parse_args()
    card, model_bytes = build(args.train, kind_map().min_confidence)
    target = Path(str(resources.files("listingsmith.attributes").joinpath(MODELS)))
    (target / MODEL_FILE).write_bytes(model_bytes)
    (target / CARD_FILE).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    if args.heldout_out:
        write_heldout(args.train, args.heldout_out)
    held = card["heldout"]
    print(
        f"tagger: {card['records']} records, {card['labels']} labels, {card['model_bytes']} bytes, "
        f"held-out F1 {held['f1']:.1%} {held['per_file']}, {card['seconds']:.0f} s"
    )


if __name__ == "__main__":
    main()
