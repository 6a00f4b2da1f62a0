"""Closed value sets: the registry's build and lookups, the shipped classifier's answers and
their calibration, the isotonic fit, and training on a tiny file in the trainer venv."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evals.build_value_sets import build
from listingsmith.attributes.closed import SOURCE, calibrated, card, closed_attributes
from listingsmith.attributes.value_sets import closed_names, value_set
from listingsmith.datasets import GoldRecord
from listingsmith.training.values import isotonic
from tests.unit.trainer_venv import run_in_trainer, trainer_python

OPTIONS = {
    "Home": {"Material": ["Wood", "Glass"], "Shape": ["Round", "Square"]},
    "Clothing": {"Material": ["Leather", "Canvas"], "Pattern": ["Floral", "Stripe"]},
}


def gold(category: str, name: str, value: str, dataset: str = "implicitave") -> GoldRecord:
    return GoldRecord(
        id=f"{dataset}:{category}-{value}",
        dataset=dataset,
        title=f"a {category} thing",
        description="",
        category=category,
        gold={name: [value]},
        image=None,
    )


def test_build_puts_a_category_in_its_group_and_closes_only_its_gold_names() -> None:
    records = [gold("Vases", "Material", "Glass"), gold("Vases", "Material", "Crystal")]
    records += [gold("Shorts", "Pattern", "Floral"), gold("Shorts", "Material", "Canvas")]
    registry = build(OPTIONS, records)
    assert registry["categories"]["Vases"] == {"group": "Home", "names": ["Material"]}
    assert registry["categories"]["Shorts"]["group"] == "Clothing"
    # A train value outside the published set joins its group's set.
    assert registry["groups"]["Home"]["Material"] == ["Wood", "Glass", "Crystal"]


def test_build_keeps_an_attribute_open_where_another_split_contradicts_its_set() -> None:
    records = [gold("Shorts", "Pattern", "Floral"), gold("Shorts", "Material", "Canvas")]
    other = [gold("Shorts", "Pattern", v, "ae-110k") for v in ("Solid", "Print", "Floral")]
    registry = build(OPTIONS, records, other)
    assert registry["categories"]["Shorts"]["names"] == ["Material"]


def test_the_shipped_registry_closes_implicit_attributes_and_leaves_others_open() -> None:
    assert "V-Neck" in (value_set("Shirts & Tops", "Neckline") or ())
    assert value_set("shirts & tops", "neckline") == value_set("Shirts & Tops", "Neckline")
    assert value_set("Shirts & Tops", "Brand") is None
    assert value_set("Shorts", "Pattern") is None  # AE-110k's shorts contradict the set
    assert value_set(None, "Neckline") is None
    assert closed_names("Dresses", ["Brand", "Length", "Neckline"]) == ["Length", "Neckline"]


def test_the_classifier_answers_closed_names_from_their_sets_only() -> None:
    found = closed_attributes(
        "Nike Men's Air Zoom Running Shoe", "Shoes", ["Athletic Shoe Style", "Brand"], 0.0
    )
    assert [a.name for a in found] == ["Athletic Shoe Style"]
    (style,) = found
    assert style.value in (value_set("Shoes", "Athletic Shoe Style") or ())
    assert style.source == SOURCE and 0.0 <= style.confidence <= 1.0 and style.evidence is None
    assert closed_attributes("Nike shoe", "Unknown Things", ["Athletic Shoe Style"]) == []


def test_the_threshold_drops_unsure_values() -> None:
    text = "Womens Top"
    everything = closed_attributes(text, "Shirts & Tops", ["Neckline", "Pattern"], 0.0)
    assert everything
    cut = max(a.confidence for a in everything)
    kept = closed_attributes(text, "Shirts & Tops", ["Neckline", "Pattern"], cut)
    assert kept and all(a.confidence >= cut for a in kept)
    assert closed_attributes(text, "Shirts & Tops", ["Neckline", "Pattern"], cut + 1e-3) == []


def test_the_shipped_calibration_is_monotone_and_within_zero_and_one() -> None:
    knots = card()["calibration"]
    assert np.all(np.diff(knots["y"]) >= 0) and np.all(np.diff(knots["x"]) >= 0)
    values = [calibrated(p) for p in np.linspace(0, 1, 21)]
    assert values == sorted(values) and values[0] >= 0.0 and values[-1] <= 1.0
    assert card()["heldout_accuracy"] > 0.6


def test_isotonic_pools_violators_into_their_mean() -> None:
    x, y = isotonic([0.1, 0.2, 0.3, 0.4], [False, True, False, True])
    assert y == sorted(y)
    assert float(np.interp(0.25, x, y)) == pytest.approx(0.5)  # 0.2 and 0.3 pooled
    assert float(np.interp(0.1, x, y)) == 0.0 and float(np.interp(0.4, x, y)) == 1.0


@pytest.mark.skipif(trainer_python() is None, reason="no fastText trainer venv ($VENV-claims)")
def test_training_on_a_tiny_file_writes_a_model_and_card(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    styles = {"Running Shoe": "running jogging road", "Training Shoe": "gym cross trainer"}
    lines = [
        {
            "id": f"implicitave:t{n}-{value}",
            "title": f"Brand{n} {words} shoe",
            "category": "Shoes",
            "attributes_gold": {"Athletic Shoe Style": value},
        }
        for n in range(30)
        for value, words in styles.items()
    ]
    data.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    code = (
        "import sys, json; from pathlib import Path; from listingsmith.training import values;"
        "card = values.train_values([Path(sys.argv[1])], Path(sys.argv[2]));"
        "print(json.dumps(card['examples']))"
    )
    done = run_in_trainer(code, str(data), str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "train": 48,
        "heldout": 12,
        "all": 60,
    }
    written = json.loads((out / "values.json").read_text(encoding="utf-8"))
    assert written["heldout_accuracy"] > 0.5 and written["calibration"]["x"]
    assert (out / "values.ftz").stat().st_size > 0


def test_isotonic_gives_equal_scores_one_calibrated_probability() -> None:
    # A source with one stated confidence (the model's grounded values) calibrates to the
    # share right; separate blocks at one score would make np.interp's answer arbitrary.
    x, y = isotonic([0.3, 0.3, 0.3, 0.3], [True, False, True, True])
    assert x == [0.3, 0.3] and y == [0.75, 0.75]
    x, y = isotonic([0.2, 0.2, 0.1, 0.3], [True, False, True, False])
    assert len(set(x)) == len(x) and y == sorted(y)
