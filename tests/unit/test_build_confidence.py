"""confidence.yaml refitted from an eval run's kept model answers: fitted on the dev tune part,
measured on the check part only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.build_confidence import build_from_answers
from evals.extract import _prompt_hash, names_by_record
from evals.extract_errors import part_of
from evals.model_answers import ModelAnswers
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, read_dataset

MODEL = "gemma3-270m:extract"


def _line(i: int) -> dict:
    return {
        "id": f"dev:{i}",
        "title": f"Acme Lamp {i}",
        "category": "Lamps",
        "attributes_gold": {"Brand": "Acme"},
    }


def _answer(record: GoldRecord, names: list[str], value: str, grounded: bool) -> dict:
    settings = Settings()
    return {
        "id": record.id,
        "prompt": _prompt_hash(record, names, settings),
        "model": MODEL,
        "values": [
            {
                "name": "Brand",
                "value": value,
                "unit": None,
                "source": "text-model",
                "evidence": value if grounded else None,
                "span": None,
                "confidence": 0.3 if grounded else 0.05,
            }
        ],
        "seconds": 1.0,
        "error": None,
    }


def test_the_map_is_fitted_on_the_tune_part_and_measured_on_the_check_part(
    tmp_path: Path,
) -> None:
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(_line(i)) + "\n" for i in range(40)), encoding="utf-8")
    records = read_dataset(data)
    asked = names_by_record({"dev": records})
    # Tune part: grounded values right 3 times in 4; check part: right every other time.
    # Inferred values: tune always wrong; check always right.
    lines, seen = [], {"tune": 0, "check": 0}
    for record in records:
        part = part_of(record)
        seen[part] += 1
        right = seen[part] % 4 != 0 if part == "tune" else seen[part] % 2 == 0
        grounded = seen[part] % 5 != 0
        value = "Acme" if (right if grounded else part == "check") else "Other"
        lines.append(_answer(record, asked[record.id], value, grounded))
    kept = tmp_path / "model_answers.jsonl"
    kept.write_text("".join(json.dumps(e) + "\n" for e in lines), encoding="utf-8")

    content = build_from_answers([data], None, ModelAnswers(kept), Settings())
    tune = [r for r in records if part_of(r) == "tune"]
    tune_grounded = [i for i in range(1, len(tune) + 1) if i % 5 != 0]
    share = sum(i % 4 != 0 for i in tune_grounded) / len(tune_grounded)
    knots = content["sources"]["text-model"]
    assert knots["grounded"]["y"][0] == pytest.approx(share, abs=1e-4)
    assert knots["inferred"]["y"][0] == 0.0
    card = content["card"]
    assert (card["model"], card["served_for_extract"]) == ("gemma3-270m", "extract")
    assert card["records"] == {"tune": len(tune), "check": len(records) - len(tune)}
    check = card["check_part"]["grounded"]
    # The check part's reliability: one bin at the tune part's share, its own share right.
    (row,) = check["curve"]
    assert row["confidence"] == pytest.approx(share, abs=1e-4)
    assert row["right"] == pytest.approx(check["right"] / check["values"], abs=1e-4)
    assert check["ece_calibrated"] == pytest.approx(abs(share - row["right"]), abs=1e-4)
    assert check["ece_stated"] == round(abs(0.3 - row["right"]), 4)
    assert card["check_part"]["inferred"]["ece_calibrated"] == 1.0
