"""Simulated traffic: the same seed writes the same file, only shipped variants get traffic,
the file ingests without a bad row, and the report's intervals hold the true conversion rates
the simulation drew, as a 95 % interval should."""

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from listingsmith.channels.run_outputs import read_run
from listingsmith.cli import app
from listingsmith.config import ExperimentSettings
from listingsmith.experiments.ingest import ingest
from listingsmith.experiments.report import build_report
from listingsmith.experiments.results_file import read_results
from listingsmith.experiments.runs import run_experiments
from listingsmith.experiments.simulate import SimulatedVariant, simulate, simulated_csv
from listingsmith.storage.experiments import ResultsStore
from tests.unit.experiment_runs import write_variant_run

SKUS = tuple(f"BOT-{i}" for i in range(10))


def simulate_cli(run: Path, seed: int, out: Path) -> str:
    args = ["experiment", "simulate", str(run), "--seed", str(seed), "--out", str(out)]
    outcome = CliRunner().invoke(app, args)
    assert outcome.exit_code == 0, outcome.output
    return out.read_text(encoding="utf-8")


def test_the_file_is_regenerated_from_its_seed(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run")
    first = simulate_cli(run, 7, tmp_path / "a.csv")
    assert simulate_cli(run, 7, tmp_path / "b.csv") == first
    assert simulate_cli(run, 8, tmp_path / "c.csv") != first


def test_held_variants_get_no_traffic(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run")
    variants = simulate(run_experiments(read_run(run)), 7)
    assert len(variants) == 2 * 2 * 3 - 1
    assert ("BOT-2", "de-DE", "C") not in {(v.sku, v.locale, v.variant_id) for v in variants}


def test_simulated_traffic_ingests_and_the_intervals_hold_the_true_rates(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run", skus=SKUS, held=())
    text = simulate_cli(run, 11, tmp_path / "results.csv")
    experiments = run_experiments(read_run(run))
    store = ResultsStore(tmp_path / "results.sqlite")
    done = ingest(text.encode(), store, 10_000, experiments)
    assert done.file.errors == [] and len(done.file.counts) == 60
    truth = {(v.experiment_id, v.variant_id): v.true_conversion for v in simulate(experiments, 11)}
    reports, _ = build_report(store.counts(), ExperimentSettings(), experiments)
    inside = [
        v.conversion.low <= truth[(r.experiment_id, v.variant_id)] <= v.conversion.high
        for r in reports
        for v in r.variants
    ]
    assert len(inside) == 60
    assert sum(inside) >= 54  # 95 % intervals: about 57 of 60


def test_the_example_run_is_what_the_helper_writes(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "experiment-run"
    fresh = write_variant_run(tmp_path / "run")
    for name in ("run.json", "listings.jsonl"):
        assert (example / name).read_text() == (fresh / name).read_text(), name


HOSTILE = ('=HYPERLINK("http://evil.example","win")', "+cmd|' /C calc'!A0", "@SUM(1+1)")


def test_the_file_runs_no_formula_and_ingests_back(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run", skus=HOSTILE, held=())
    text = simulate_cli(run, 3, tmp_path / "results.csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["sku"] for row in rows} == {"'" + sku for sku in HOSTILE}
    for row in rows:
        assert all(cell[:1] not in "=+-@\t\r" for cell in row.values()), row
    experiments = run_experiments(read_run(run))
    done = ingest(text.encode(), ResultsStore(tmp_path / "r.sqlite"), 10_000, experiments)
    assert done.file.errors == [] and len(done.file.counts) == len(rows)


def test_a_variant_id_that_looks_like_a_formula_comes_back_as_it_was() -> None:
    ids = ("=1+1", "-x", "@me", "\t=tab", "-5", "'plain")
    variants = [SimulatedVariant("exp-1", v, "S", "en-US", 10, 5, 1, 0.5, 0.1) for v in ids]
    text = simulated_csv(variants)
    cells = [row["variant_id"] for row in csv.DictReader(io.StringIO(text))]
    assert cells == ["'=1+1", "'-x", "'@me", "'\t=tab", "-5", "'plain"]
    read = read_results(text.encode(), 100, {"exp-1": {" ".join(v.split()) for v in ids}})
    assert read.errors == []
    assert [c.variant_id for c in read.counts] == ["=1+1", "-x", "@me", "=tab", "-5", "'plain"]
