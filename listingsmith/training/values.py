"""`listingsmith train values`: the closed-set value classifier. Records of the train files
whose gold answers a closed attribute (attributes/value_sets.yaml) become fastText examples; a
held-out fifth measures top-1 accuracy and fits the isotonic calibration of the top value's
probability (numpy, pool-adjacent-violators); the shipped model is then trained on everything,
quantised and written with its card (values.ftz + values.json for attributes/closed.py)."""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from listingsmith.attributes.closed import CARD_FILE, MODEL_FILE, Example, label, top_values
from listingsmith.attributes.value_sets import value_set
from listingsmith.datasets import read_dataset
from listingsmith.lexicons import load_data
from listingsmith.training.claims import supervised_trainer


def spec() -> dict[str, Any]:
    """values.yaml beside this module (fastText and quantisation settings, held-out share)."""
    return load_data(__package__, "values.yaml")


def examples(paths: list[Path]) -> list[Example]:
    """Every (record, closed attribute) the gold answers with a value of its set."""
    out = []
    for path in paths:
        for record in read_dataset(path):
            for name, values in record.gold.items():
                allowed = value_set(record.category, name) or ()
                for value in values:
                    if value in allowed:
                        out.append(Example(record.title, record.category, name, value))
    return out


def isotonic(scores: list[float], hits: list[bool]) -> tuple[list[float], list[float]]:
    """Pool-adjacent-violators: knots (score, calibrated probability), non-decreasing, for
    np.interp. Equal scores share one block: one score, one calibrated probability."""
    order = np.argsort(scores, kind="stable")
    xs = np.asarray(scores, dtype=float)[order]
    ys = np.asarray(hits, dtype=float)[order]
    blocks: list[list[float]] = []  # [sum of y, count, first x, last x]
    for x, y in zip(xs, ys, strict=True):
        if blocks and blocks[-1][3] == x:
            blocks[-1][0] += y
            blocks[-1][1] += 1.0
        else:
            blocks.append([y, 1.0, x, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            total, count, _, last = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
            blocks[-1][3] = last
    knots_x, knots_y = [], []
    for total, count, first, last in blocks:
        knots_x += [first, last]
        knots_y += [total / count] * 2
    return [round(float(x), 5) for x in knots_x], [round(float(y), 5) for y in knots_y]


def fit(samples: list[Example], work: Path, name: str) -> Any:
    """A quantised fastText model on `samples` (values.yaml's settings)."""
    train_supervised = supervised_trainer()
    path = work / f"{name}.txt"
    shuffled = random.Random(spec()["seed"]).sample(samples, len(samples))
    path.write_text("".join(f"{label(s.name, s.value)} {s.line}\n" for s in shuffled), "utf-8")
    model = train_supervised(input=str(path), verbose=0, seed=0, thread=2, **spec()["fasttext"])
    model.quantize(input=str(path), verbose=0, thread=2, **spec()["quantize"])
    return model


def train_values(paths: list[Path], out: Path) -> dict[str, Any]:
    """Train, measure and calibrate on the held-out fifth, retrain on everything; write
    out/values.ftz and out/values.json (the card); returns the card."""
    settings = spec()
    started = time.perf_counter()
    samples = examples(paths)
    every = settings["heldout_every"]
    train = [s for i, s in enumerate(samples) if i % every]
    heldout = [s for i, s in enumerate(samples) if not i % every]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        model = fit(train, Path(work), "split")
        tops = [top_values(model, s.line, s.category, [s.name]).get(s.name) for s in heldout]
        hits = [t is not None and t[0] == s.value for s, t in zip(heldout, tops, strict=True)]
        knots = isotonic([t[1] if t else 0.0 for t in tops], hits)
        final = fit(samples, Path(work), "all")
    final.save_model(str(out / MODEL_FILE))
    card = {
        "task": "values",
        "examples": {"train": len(train), "heldout": len(heldout), "all": len(samples)},
        "heldout_accuracy": round(sum(hits) / max(1, len(hits)), 4),
        "calibration": {"method": "isotonic (held-out fifth)", "x": knots[0], "y": knots[1]},
        "fasttext": settings["fasttext"],
        "quantize": settings["quantize"],
        "data_files": [p.name for p in paths],
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / CARD_FILE).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return card
