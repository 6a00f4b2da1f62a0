"""Build the open-attribute taggers (listingsmith/attributes/models/tagger-<dataset>.crfsuite,
one per train dataset, + tagger.json) from train splits only (python-crfsuite). Each record's
fold is fixed by a hash of its id (attributes/tagger.yaml): the held-out folds are never trained
on and give the card's score and the unseen-records files (--heldout-out DIR/<dataset>.jsonl,
for `listingsmith eval`); a model trained without the calibration folds fits the isotonic
confidence there; the shipped model is trained on every other fold.

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
    Model,
    answer,
    bio_labels,
    features,
    label_names,
    open_tagger,
    spec,
)
from listingsmith.datasets import GoldRecord, category_attribute_names, read_dataset
from listingsmith.training.values import isotonic

# Stands for "every span" where the calibration is not fitted yet.
IDENTITY = {"x": [0.0, 1.0], "y": [0.0, 1.0]}


def fold_of(record: GoldRecord) -> int:
    """The record's fold: a hash of its id, stable across runs and machines."""
    return zlib.crc32(record.id.encode("utf-8")) % spec()["folds"]


def dataset_of(record: GoldRecord) -> str:
    """The dataset a record belongs to (its id's prefix: "ae-110k:train-0" -> "ae-110k")."""
    return record.id.split(":", 1)[0]


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
    """Train a CRF on labelled sequences (written to `path`) and open it."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(spec()["algorithm"], verbose=False)
    for rows, labels in sequences:
        trainer.append(rows, labels)
    trainer.set_params(spec()["crfsuite"])
    trainer.train(str(path))
    return open_tagger(str(path))


def calibration_knots(
    tagger: Any, records: list[GoldRecord], asked: dict[str, list[str]]
) -> tuple[dict[str, list[float]], int]:
    """Isotonic knots from each asked name's best tagged span on records the tagger did not
    see (its probability, whether it was a gold value), and how many spans there were."""
    model = Model(tagger, label_names(tagger), IDENTITY)
    scores, hits = [], []
    for record in records:
        for found in answer([model], record.text, asked[record.id], record.category):
            scores.append(found.confidence)
            hits.append(exact_match(found.value, record.gold.get(found.name, [])))
    xs, ys = isotonic(scores, hits)
    return {"x": xs, "y": ys}, len(hits)


def heldout_scores(
    models: list[Model],
    records: list[GoldRecord],
    asked: dict[str, list[str]],
    threshold: float,
) -> dict[str, Any]:
    """The taggers alone on the held-out records: micro F1 overall and per train file."""
    pairs = []
    for record in tqdm(records, desc="held-out"):
        names = asked[record.id]
        chosen = {
            a.name: a.value
            for a in answer(models, record.text, names, record.category)
            if a.confidence >= threshold
        }
        gold = record.gold
        pairs += [
            Pair(
                record.dataset, record.id, record.category, n, tuple(gold.get(n, [])), chosen.get(n)
            )
            for n in names
        ]
    metrics = score(pairs)
    return {
        "f1": metrics["f1"],
        "precision": metrics["precision"],
        "recall": metrics["recall"],
        "pairs": metrics["pairs"],
        "per_file": {d: v["f1"] for d, v in metrics["per_dataset"].items()},
    }


def build_one(
    records: list[GoldRecord], asked: dict[str, list[str]], work: Path
) -> tuple[Model, dict[str, Any], bytes]:
    """One dataset's tagger: fit without the calibration folds, calibrate there, refit on both;
    the model, its card entry and its file's bytes. Held-out folds are never read."""
    settings = spec()
    calibration = [r for r in records if fold_of(r) in settings["calibration_folds"]]
    fitting = [
        sequence(r)
        for r in tqdm(records, desc=f"features ({records[0].dataset})")
        if fold_of(r) not in settings["heldout_folds"] + settings["calibration_folds"]
    ]
    split = fit(fitting, work / "split.crfsuite")
    knots, spans = calibration_knots(split, calibration, asked)
    path = work / MODEL_FILE.format(dataset=dataset_of(records[0]))
    final = fit(fitting + [sequence(r) for r in calibration], path)
    entry = {
        "file": path.name,
        "records": {"fit": len(fitting), "calibration": len(calibration)},
        "labels": len(final.labels()),
        "model_bytes": path.stat().st_size,
        "calibration": {"method": "isotonic (calibration folds, model without them)", **knots},
        "calibration_spans": spans,
    }
    return Model(final, label_names(final), knots), entry, path.read_bytes()


def build(paths: list[Path], threshold: float) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Every dataset's tagger, and the held-out score of them together: the card and the model
    files' bytes by name."""
    started = time.perf_counter()
    settings = spec()
    records = [r for path in paths for r in read_dataset(path)]
    asked = asked_names(records)
    by_dataset: dict[str, list[GoldRecord]] = defaultdict(list)
    for record in records:
        by_dataset[dataset_of(record)].append(record)
    models, entries, files = [], {}, {}
    with tempfile.TemporaryDirectory() as work:
        for dataset, part in sorted(by_dataset.items()):
            model, entries[dataset], files[MODEL_FILE.format(dataset=dataset)] = build_one(
                part, asked, Path(work)
            )
            models.append(model)
        heldout = [r for r in records if fold_of(r) in settings["heldout_folds"]]
        measured = heldout_scores(models, heldout, asked, threshold)
    total = sum(len(b) for b in files.values())
    if total > settings["max_model_bytes"]:
        raise SystemExit(
            f"tagger models {total} bytes > max_model_bytes {settings['max_model_bytes']}: "
            "raise the crfsuite regularisation or feature.minfreq in tagger.yaml"
        )
    card = {
        "task": "tagger",
        "data_files": [p.name for p in paths],
        "heldout": {"records": len(heldout), "threshold": threshold, **measured},
        "model_bytes": total,
        "models": entries,
        "settings": settings,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return card, files


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


def main() -> None:
    """Build from the train files; write the model and its card beside the tagger."""
    from listingsmith.attributes.named import kind_map

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", nargs="+", type=Path)
    parser.add_argument("--heldout-out", type=Path, default=None)
    args = parser.parse_args()
    card, files = build(args.train, kind_map().min_confidence)
    target = Path(str(resources.files("listingsmith.attributes").joinpath(MODELS)))
    for name, content in files.items():
        (target / name).write_bytes(content)
    (target / CARD_FILE).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    if args.heldout_out:
        write_heldout(args.train, args.heldout_out)
    held = card["heldout"]
    print(
        f"tagger: {len(files)} models, {card['model_bytes']} bytes, held-out ({held['records']} "
        f"records) F1 {held['f1']:.1%} {held['per_file']}, {card['seconds']:.0f} s"
    )


if __name__ == "__main__":
    main()
