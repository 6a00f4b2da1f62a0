"""Promoting a variant: it becomes the one listing of its sku x locale in the run's outputs,
the audit trail records experiment, variant, posterior numbers and who; a variant that did not
ship, an unknown experiment or variant, and a winner without results are refused unchanged."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listingsmith.audit.log import AuditLog, verify
from listingsmith.batch.outputs import rewrite_listing
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.domain import Status
from listingsmith.experiments.ingest import ingest
from listingsmith.experiments.promote import AUDIT_NODE, PromoteError, promote
from listingsmith.storage.experiments import ResultsStore
from tests.unit.experiment_runs import experiment_id, variant, write_variant_run

HEADER = "experiment_id,variant_id,impressions,clicks,orders\n"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(tmp_path / "key"))
    return Settings()


def lines(run: Path) -> list[dict]:
    return [json.loads(x) for x in (run / "listings.jsonl").read_text().splitlines()]


def with_results(run: Path, rows: str) -> Path:
    ingest((HEADER + rows).encode(), ResultsStore(run / "experiments.sqlite"), 1000)
    return run


def test_the_winner_becomes_the_listing_and_the_audit_records_it(
    tmp_path: Path, settings: Settings
) -> None:
    run = write_variant_run(tmp_path / "run")
    exp = experiment_id("BOT-1", "en-US")
    with_results(run, f"{exp},A,2000,100,10\n{exp},B,2000,150,60\n{exp},C,2000,90,12\n")
    done = promote(run, exp, None, "alice", settings)
    assert done.variant_id == "B"
    mine = [x for x in lines(run) if (x["sku"], x["locale"]) == ("BOT-1", "en-US")]
    assert len(mine) == 1
    assert mine[0]["title"] == "Steel bottle BOT-1 for pro"
    assert mine[0]["experiment_id"] is None and mine[0]["variant_id"] is None
    assert len(lines(run)) == 14 - 2  # the experiment's two other variants went
    counts = json.loads((run / "run.json").read_text())["counts"]
    assert counts["en-US"] == {"approved": 5}
    log = AuditLog(run / "audit.sqlite")
    (event,) = [e for e in log.events("BOT-1", "en-US") if e.node == AUDIT_NODE]
    log.close()
    payload = event.payload
    assert (payload["experiment_id"], payload["variant_id"], payload["audience"]) == (
        exp,
        "B",
        "pro",
    )
    assert payload["reviewer"] == "alice" and payload["action"] == "promote"
    assert payload["posterior"]["p_best"] > 0.99
    assert payload["posterior"]["orders"] == 60
    assert verify(run / "audit.sqlite") == (1, None)


def test_a_named_variant_is_promoted_without_results(tmp_path: Path, settings: Settings) -> None:
    run = write_variant_run(tmp_path / "run")
    exp = experiment_id("BOT-2", "en-US")
    done = promote(run, exp, "C", "bob", settings)
    assert done.numbers is None
    (line,) = [x for x in lines(run) if (x["sku"], x["locale"]) == ("BOT-2", "en-US")]
    assert line["title"] == "Steel bottle BOT-2 for budget"


@pytest.mark.parametrize(
    ("sku", "locale", "variant", "message"),
    [
        ("BOT-2", "de-DE", "C", "variant C of .* was not shipped \\(status held\\)"),
        ("BOT-1", "en-US", "Z", "has no variant 'Z' \\(it has A, B, C\\)"),
        ("BOT-1", "en-US", None, "has no results: ingest them or name the variant"),
    ],
)
def test_refused_promotions_change_nothing(
    tmp_path: Path, settings: Settings, sku: str, locale: str, variant: str | None, message: str
) -> None:
    run = write_variant_run(tmp_path / "run")
    before = (run / "listings.jsonl").read_text()
    with pytest.raises(PromoteError, match=message):
        promote(run, experiment_id(sku, locale), variant, "alice", settings)
    assert (run / "listings.jsonl").read_text() == before
    assert verify(run / "audit.sqlite")[0] == 0


def test_the_winner_is_chosen_among_shipped_variants_only(
    tmp_path: Path, settings: Settings
) -> None:
    run = write_variant_run(tmp_path / "run")
    exp = experiment_id("BOT-2", "de-DE")  # its variant C is held
    with_results(run, f"{exp},A,2000,100,10\n{exp},B,2000,100,20\n{exp},C,2000,100,90\n")
    assert promote(run, exp, None, "alice", settings).variant_id == "B"


def test_cli_promote_refuses_in_one_line(tmp_path: Path, settings: Settings) -> None:
    run = write_variant_run(tmp_path / "run")
    exp = experiment_id("BOT-2", "de-DE")
    args = ["experiment", "promote", exp, "C", "--run", str(run), "--by", "alice"]
    outcome = CliRunner().invoke(app, args)
    assert outcome.exit_code == 2
    assert "was not shipped (status held)" in " ".join(outcome.output.split())
    assert "Traceback" not in outcome.output
    unknown = CliRunner().invoke(app, [*args[:2], "exp-none", "--run", str(run), "--by", "a"])
    assert unknown.exit_code == 2 and "no experiment exp-none" in unknown.output


def test_cli_promote_the_winner(tmp_path: Path, settings: Settings) -> None:
    run = write_variant_run(tmp_path / "run")
    exp = experiment_id("BOT-1", "de-DE")
    with_results(run, f"{exp},A,2000,100,40\n{exp},B,2000,100,10\n")
    args = ["experiment", "promote", exp, "--run", str(run), "--by", "alice"]
    outcome = CliRunner().invoke(app, args)
    assert outcome.exit_code == 0, outcome.output
    assert f"BOT-1 de-DE: variant A of {exp} promoted by alice" in " ".join(outcome.output.split())


def test_a_decided_variant_replaces_its_own_line_only(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run")
    decided = variant("BOT-2", "de-DE", "C", Status.REJECTED)
    assert rewrite_listing(run, "test-run", decided)
    mine = [x for x in lines(run) if (x["sku"], x["locale"]) == ("BOT-2", "de-DE")]
    assert [(x["variant_id"], x["status"]) for x in mine] == [
        ("A", "approved"),
        ("B", "approved"),
        ("C", "rejected"),
    ]
    assert json.loads((run / "run.json").read_text())["counts"]["de-DE"] == {
        "approved": 6,
        "rejected": 1,
    }
