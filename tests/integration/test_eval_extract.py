"""`listingsmith eval --task extract` with the model: real vLLM server, two records."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listingsmith.cli import app
from listingsmith.serving.launch import Endpoint

pytestmark = pytest.mark.integration


def test_eval_extract_with_the_served_model(embedded_endpoint: Endpoint, tmp_path: Path) -> None:
    lines = [
        {
            "id": "i:1",
            "title": "SEAPESCA Minnow Fishing Lure 150mm 9g Hard Bait YA54",
            "category": "Lure",
            "attributes_gold": {"Brand Name": "SEAPESCA", "Weight": "9g"},
        },
        {
            "id": "i:2",
            "title": "Crocs Men's Classic Clog, Lime, 9 M US",
            "category": "Shoes",
            "attributes_gold": {"Brand": "Crocs", "Color": "Lime", "Size": "9 M US"},
        },
    ]
    data = tmp_path / "two.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out"
    args = ["eval", str(data), "--task", "extract", "--out", str(out)]
    args += ["--llm-url", embedded_endpoint.url, "--model", embedded_endpoint.model]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["usage"]["model"] == embedded_endpoint.model
    # One structured call per record, more only when an answer had to be sampled again.
    assert metrics["model_calls_per_record"] >= 1
    assert sum(metrics["counts"].values()) == 5
    assert metrics["latency_per_record"]["mean_ms"] > 0
