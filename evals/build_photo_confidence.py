"""Build listingsmith/attributes/photo_confidence.yaml: the pixel colours' confidence calibrated.
A pixel colour states its share of the product pixels times `photo.pixel_confidence`; it is
right when its colour family is one the record states (its colour gold values, else its title's
colour words, as `evals.photo_colors` judges). The train splits carry no photos, so the photos
are the evaluation file's, split in two by record order: the even-numbered records with a
stated colour choose and fit the map, the odd-numbered ones are only measured (reliability bins
and expected calibration error, stated and calibrated), so the odd half stays unseen by the fit.
The map is the one of four (the stated confidence kept, one scale factor, Platt's logistic,
isotonic) with the lowest Brier score in a FOLDS-fold cross-validation by record on the even
half, then fitted on all of it; the shipped knots (for np.interp) are that map's.

    python -m evals.build_photo_confidence ../shared/data/products/implicitave.jsonl
"""

from __future__ import annotations

import argparse
import time
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from evals.build_confidence import fitted
from evals.extract_metrics import reliability
from evals.photo_colors import photo_readings
from listingsmith.attributes.colornames import color_families
from listingsmith.attributes.confidence import PHOTO_CALIBRATION_FILE, evidence_kind
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, read_dataset

SOURCE = "pixels"
FOLDS = 5
# Points on [0, 1] where a smooth map (Platt's) is written out as knots.
GRID = 21
Scored = list[tuple[float, bool]]
Knots = tuple[list[float], list[float]]


def judged_values(records: list[GoldRecord], settings: Settings) -> tuple[list[Scored], int]:
    """Per record with a photo and a stated colour, (stated confidence, right) of each pixel
    colour reported; and how many photos failed to read."""
    readings, failed = photo_readings(records, settings)
    out = []
    for _, stated, found in readings:
        assert all(evidence_kind(a) == "grounded" for a in found)
        out.append([(a.confidence, bool(color_families(a.value) & stated)) for a in found])
    return out, failed


def stated_map(items: Scored) -> Knots:
    """The stated confidence kept as it is."""
    return [0.0, 1.0], [0.0, 1.0]


def scale_map(items: Scored) -> Knots:
    """One factor (least squares through the origin), capped at 1."""
    x = np.array([c for c, _ in items])
    y = np.array([r for _, r in items], dtype=float)
    factor = float((x * y).sum() / max((x * x).sum(), 1e-12))
    if factor <= 1:
        return [0.0, 1.0], [0.0, round(factor, 5)]
    return [0.0, round(1 / factor, 5), 1.0], [0.0, 1.0, 1.0]


def platt_map(items: Scored) -> Knots:
    """Platt's logistic of the stated confidence (Newton's method), written out on a grid."""
    x = np.array([c for c, _ in items])
    y = np.array([r for _, r in items], dtype=float)
    design = np.stack([x, np.ones_like(x)], axis=1)
    weights = np.zeros(2)
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ weights))
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        weights -= np.linalg.solve(hessian, design.T @ (p - y))
    grid = np.linspace(0.0, 1.0, GRID)
    curve = 1 / (1 + np.exp(-(weights[0] * grid + weights[1])))
    return [round(float(v), 5) for v in grid], [round(float(v), 5) for v in curve]


def isotonic_map(items: Scored) -> Knots:
    """Pool-adjacent-violators (training.values.isotonic)."""
    knots = fitted(items)
    return knots["x"], knots["y"]


MAPS = {"stated": stated_map, "scale": scale_map, "platt": platt_map, "isotonic": isotonic_map}


def mapped(knots: Knots, items: Scored) -> Scored:
    return [(float(np.interp(c, knots[0], knots[1])), r) for c, r in items]


def brier(items: Scored) -> float:
    return float(np.mean([(c - r) ** 2 for c, r in items])) if items else 0.0


def chosen_map(per_record: list[Scored]) -> tuple[str, dict[str, float]]:
    """The map with the lowest mean Brier score over FOLDS folds (by record), and every map's."""
    scores = {}
    for name, fit in MAPS.items():
        folds = []
        for fold in range(FOLDS):
            train = [v for i, vs in enumerate(per_record) if i % FOLDS != fold for v in vs]
            test = [v for i, vs in enumerate(per_record) if i % FOLDS == fold for v in vs]
            folds.append(brier(mapped(fit(train), test)))
        scores[name] = round(float(np.mean(folds)), 4)
    return min(scores, key=scores.__getitem__), scores


def build(paths: list[Path], settings: Settings) -> dict[str, Any]:
    """The calibration file's content: its card (with the held-out reliability table) and the
    pixel colours' knots, chosen and fitted on the even-numbered records."""
    started = time.perf_counter()
    records = [r for path in paths for r in read_dataset(path)]
    per_record, failed = judged_values(records, settings)
    fit_records = per_record[0::2]
    fit = [v for values in fit_records for v in values]
    held = [v for values in per_record[1::2] for v in values]
    name, cross_validated = chosen_map(fit_records)
    x, y = MAPS[name](fit)
    card = {
        "method": f"{name} map of a pixel colour's stated confidence (its share of the "
        "product pixels x photo.pixel_confidence) against its colour family being one the "
        f"record states; chosen by the lowest Brier score in {FOLDS}-fold cross-validation "
        "on the fit records",
        "data_files": [p.name for p in paths],
        "why_not_train": "the train splits carry no photos",
        "fit": "even-numbered records with a photo and a stated colour",
        "photos": {"fit": len(fit_records), "held_out": len(per_record[1::2])},
        "values": {"fit": len(fit), "fit_right": sum(r for _, r in fit), "held_out": len(held)},
        "unreadable_photos": failed,
        "stated_scale": settings.photo.pixel_confidence,
        "cross_validated_brier": cross_validated,
        "heldout_odd_records": {
            "brier": {
                "stated": round(brier(held), 4),
                "calibrated": round(brier(mapped((x, y), held)), 4),
            },
            "stated": reliability(held),
            "calibrated": reliability(mapped((x, y), held)),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    return {"card": card, "sources": {SOURCE: {"grounded": {"x": x, "y": y}}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", type=Path, nargs="+", help="JSONL files with photos")
    parser.add_argument("--out", type=Path, help="default: the package's calibration file")
    args = parser.parse_args()
    content = build(args.datasets, Settings())
    package = resources.files("listingsmith.attributes")
    out = args.out or Path(str(package / PHOTO_CALIBRATION_FILE))
    out.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), "utf-8")
    print(yaml.safe_dump(content["card"], sort_keys=False))


if __name__ == "__main__":
    main()
