import json
from pathlib import Path

from typer.testing import CliRunner

from listingsmith.cli import app

RECORDS = [
    {
        "id": "t:1",
        "source": "test",
        "title": "Acme Steel Water Bottle 750 ml, Blue",
        "description": "Holds 750 ml. Blue powder coat.",
        "category": "Bottles",
        "attributes_gold": {"Capacity": "750 ml", "Color": "Blue", "Material": "Steel"},
        "image": None,
        "lang": "en",
    },
    {
        "id": "t:2",
        "source": "test",
        "title": "Pack of 6 Cotton Tea Towels, White",
        "description": None,
        "category": "Kitchen",
        "attributes_gold": {"Pack size": "Pack of 6", "Material": "Cotton", "Color": "White"},
        "image": None,
        "lang": "en",
    },
]


def test_eval_factcheck_writes_metrics_per_class_and_language(tmp_path: Path) -> None:
    dataset = tmp_path / "tiny.jsonl"
    dataset.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    out = tmp_path / "eval"
    result = CliRunner().invoke(
        app, ["eval", str(dataset), "--task", "factcheck", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["recall"] == 1.0 and metrics["false_alarm_rate"] == 0.0
    groups = metrics["groups"]
    for key in (
        "class:quantity",
        "class:color",
        "class:material",
        "class:count",
        "class:origin",
        "class:certification",
        "language:en",
        "language:de",
        "language:ja",
    ):
        assert groups[key]["injected"] > 0, key
    # "750 ml" twice in record 1 (title, description), in en and in the de/ja templates.
    assert groups["class:quantity"]["untouched"] == 6
    assert "<table>" in (out / "report.html").read_text()


def test_unknown_task_is_a_clear_error(tmp_path: Path) -> None:
    dataset = tmp_path / "tiny.jsonl"
    dataset.write_text(json.dumps(RECORDS[0]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(dataset), "--task", "summarize"])
    assert result.exit_code != 0
    assert "unknown eval task 'summarize'" in str(result.exception)
