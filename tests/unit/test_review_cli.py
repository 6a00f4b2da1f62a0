"""A held listing from a batch run, reviewed from the command line, with its audit trail."""

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listingsmith.audit.backends import verify_audit
from listingsmith.batch.job import JobSpec, audit_location, run_job
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.serving.connect import model_client
from tests.unit.fakes import (
    DE_GOOD,
    DE_WRONG_HOURS,
    DISPUTED,
    EN_GOOD,
    disputed,
    fake_model,
    translations,
)
from tests.unit.test_runner import Quiet

OTHER = disputed(sku="BOTTLE-2")
pytestmark = pytest.mark.usefixtures("db_url")


def held_run(tmp_path: Path) -> Path:
    """A batch run (fake model) that holds both products' de-DE listings: their seller data
    disagree on the GTIN (a person must settle it), and their text says 12 h, not 24 h."""
    db = tmp_path / "out" / "state.sqlite"
    settings = Settings(max_attempts=1)
    asyncio.run(
        run_job(
            JobSpec([DISPUTED, OTHER], ["de-DE"], tmp_path / "out", "run1", db_path=db),
            settings,
            model_client(
                settings, fake_model([EN_GOOD], translations(DE_WRONG_HOURS)), "fake-model"
            ),
            observer=Quiet(),
        )
    )
    return db


def edit_args(db: Path, edit: Path) -> list[str]:
    """`review decide` of BOTTLE-1 de-DE with an edited listing by reviewer ana."""
    return decide_args(db, "BOTTLE-1", "--edit", str(edit))


def db_arg(db: Path) -> str:
    """--db: the database the test runs on, else the checkpoint file."""
    return Settings().database or str(db)


def out_args(db: Path) -> list[str]:
    """--out, which a database URL needs: the run's folder (where the file would be)."""
    return ["--out", str(db.parent)] if Settings().database else []


def test_review_list_decide_and_audit(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    runner = CliRunner()
    listed = runner.invoke(app, ["review", "list", "--db", db_arg(db)])
    assert listed.exit_code == 0, listed.output
    assert "BOTTLE-1" in listed.output and "fact.quantity.contradicted" in listed.output
    assert "attribute-conflict" in listed.output

    approved = runner.invoke(
        app,
        [
            "review",
            "decide",
            "BOTTLE-1",
            "de-DE",
            "--approve",
            "--reviewer",
            "ana",
            "--db",
            db_arg(db),
            *out_args(db),
        ],
    )
    assert approved.exit_code == 0, approved.output
    assert "approved (reviewer ana)" in approved.output

    rejected = runner.invoke(
        app,
        [
            "review",
            "decide",
            "BOTTLE-2",
            "de-DE",
            "--reject",
            "--reviewer",
            "ben",
            "--reason",
            "12 h is wrong",
            "--db",
            db_arg(db),
            *out_args(db),
        ],
    )
    assert "rejected" in rejected.output

    edit = tmp_path / "edit.json"
    edit.write_text(json.dumps(DE_GOOD))
    none_left = runner.invoke(app, edit_args(db, edit))
    assert none_left.exit_code == 1 and "no held listing" in none_left.output

    shown = runner.invoke(
        app, ["audit", "show", "BOTTLE-1", "--locale", "de-DE", "--db", db_arg(db)]
    )
    for expected in (
        "extract",
        "draft",
        "localize",
        "review",
        "human_review",
        "reviewer=ana",
        "status=approved",
    ):
        assert expected in shown.output, expected
    assert verify_audit(audit_location(db, Settings()))[1] is None
    verified = runner.invoke(app, ["audit", "verify", db_arg(db)])
    assert verified.exit_code == 0 and "intact" in verified.output

    exported = runner.invoke(app, ["audit", "export", "--db", db_arg(db), "--format", "csv"])
    assert exported.output.splitlines()[0].startswith("seq,ts,run_id,sku,locale,node")


def test_an_edit_that_still_fails_stays_held(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    edit = tmp_path / "edit.json"
    edit.write_text(json.dumps(DE_WRONG_HOURS))
    result = CliRunner().invoke(app, edit_args(db, edit))
    assert result.exit_code == 2 and "still held" in result.output


def decide_args(db: Path, sku: str, *flags: str) -> list[str]:
    """`review decide SKU de-DE FLAGS --reviewer ana --db DB`."""
    return [
        *["review", "decide", sku, "de-DE", *flags, "--reviewer", "ana"],
        *["--db", db_arg(db), *out_args(db)],
    ]


def test_a_bad_decision_is_one_line_and_holds_nothing_up(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    runner = CliRunner()
    not_json = tmp_path / "broken.json"
    not_json.write_text("{not json")
    no_title = tmp_path / "no-title.json"
    no_title.write_text(json.dumps({k: v for k, v in DE_GOOD.items() if k != "title"}))
    for flags, expected in (
        (["--edit", str(not_json)], "not a JSON listing"),
        (["--edit", str(no_title)], "listing.title: Field required"),
        (["--reject"], "a rejection needs a reason"),
    ):
        result = runner.invoke(app, decide_args(db, "BOTTLE-1", *flags))
        assert result.exit_code == 1 and expected in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
    approved = runner.invoke(app, decide_args(db, "BOTTLE-1", "--approve"))
    assert approved.exit_code == 0, approved.output
    again = runner.invoke(app, decide_args(db, "BOTTLE-1", "--approve"))
    assert again.exit_code == 1 and "approved by ana already" in again.output


def test_the_run_outputs_follow_a_decision(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, decide_args(db, "BOTTLE-1", "--approve"))
    assert result.exit_code == 0, result.output
    rows = {json.loads(x)["sku"]: json.loads(x) for x in (out / "listings.jsonl").open()}
    assert rows["BOTTLE-1"]["status"] == "approved" and rows["BOTTLE-2"]["status"] == "held"
    counts = json.loads((out / "run.json").read_text())["counts"]
    assert counts == {"de-DE": {"approved": 1, "held": 1}}


def test_outputs_elsewhere_than_the_checkpoints_follow_with_out(tmp_path: Path) -> None:
    db, out = tmp_path / "checkpoints" / "state.sqlite", tmp_path / "listings"
    settings = Settings(max_attempts=1)
    asyncio.run(
        run_job(
            JobSpec([DISPUTED], ["de-DE"], out, "run1", db_path=db),
            settings,
            model_client(
                settings, fake_model([EN_GOOD], translations(DE_WRONG_HOURS)), "fake-model"
            ),
            observer=Quiet(),
        )
    )
    result = CliRunner().invoke(app, [*decide_args(db, "BOTTLE-1", "--approve"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(x) for x in (out / "listings.jsonl").open()]
    assert row["status"] == "approved"


def test_a_database_url_needs_the_runs_folder_to_decide(postgres_url: str) -> None:
    args = ["review", "decide", "BOTTLE-1", "de-DE", "--approve", "--reviewer", "ana"]
    result = CliRunner().invoke(app, [*args, "--db", postgres_url])
    assert result.exit_code == 2 and "give --out" in result.output, result.output
