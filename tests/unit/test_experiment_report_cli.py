"""`experiment report` written to a pipe or file (not a terminal) shows every column whole: the
variant ids and audiences a seller acts on are never squeezed out of the table."""

import shutil
from pathlib import Path

from typer.testing import CliRunner

from listingsmith.cli import app


def test_a_piped_report_shows_each_variant_and_audience(tmp_path: Path) -> None:
    run = tmp_path / "ab"
    shutil.copytree("examples/experiment-run", run)
    runner = CliRunner()
    results = run / "results.csv"
    simulated = runner.invoke(
        app, ["experiment", "simulate", str(run), "--seed", "7", "--out", str(results)]
    )
    assert simulated.exit_code == 0, simulated.output
    ingested = runner.invoke(app, ["experiment", "ingest", str(results), "--run", str(run)])
    assert ingested.exit_code == 0, ingested.output
    report = runner.invoke(app, ["experiment", "report", "--run", str(run)])
    assert report.exit_code == 0, report.output
    overall = report.output[report.output.index("overall") :]
    for variant, audience in (("A", "gift"), ("B", "pro"), ("C", "budget")):
        assert any(
            row.split("│")[1:3] == [f" {variant:<7} ", f" {audience:<8} "]
            for row in overall.splitlines()
            if row.startswith("│")
        ), overall
    assert "conversion (95% CI)" in overall and "…" not in overall
