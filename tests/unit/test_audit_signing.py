"""Signed anchors of the audit chain: a chain rewritten whole (triggers dropped, hashes
recomputed) passes the hash check but fails at its first anchor; a wrong or forged key fails;
deleted anchors are reported against run.json's."""

import json
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listingsmith.audit.anchors import Anchor, check_anchors, sign_head
from listingsmith.audit.backends import read_anchors_and_heads
from listingsmith.audit.log import FIELDS, GENESIS, AuditLog, event_hash, verify
from listingsmith.audit.signing import (
    KeyFileError,
    Signer,
    load_or_create_signer,
    load_public_key,
    public_key_path,
)
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.runner import SilentObserver
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "audit"


def signed_log(path: Path, signer: Signer, events: int = 5) -> list[Anchor]:
    """`events` events, anchored every 2 and at the end."""
    log = AuditLog(path, signer, anchor_every=2)
    for i in range(events):
        log.append("run1", "SKU-1", "review", {"verdict": "finalize", "i": i}, "de-DE", 1)
    log.anchor()
    log.close()
    db = sqlite3.connect(path)
    anchors = [Anchor(*row) for row in db.execute("SELECT * FROM anchors ORDER BY seq")]
    db.close()
    return anchors


def rewrite_consistently(path: Path, seq: int, payload: dict) -> None:
    """What someone with write access and sqlite3 could do: drop the triggers, edit an event,
    recompute every hash after it."""
    db = sqlite3.connect(path)
    db.executescript("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;")
    cursor = db.execute(f"SELECT {', '.join(FIELDS)} FROM events ORDER BY seq")
    rows = [dict(zip(FIELDS, values, strict=True)) for values in cursor]
    prev = GENESIS
    for row in rows:
        if row["seq"] == seq:
            row["payload"] = json.dumps(payload, sort_keys=True)
        digest = event_hash(row, prev)
        db.execute(
            "UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (row["payload"], prev, digest, row["seq"]),
        )
        prev = digest
    db.commit()
    db.close()


def delete_anchors(path: Path, where: str = "1") -> None:
    db = sqlite3.connect(path)
    db.executescript(
        f"DROP TRIGGER IF EXISTS anchors_no_delete; DELETE FROM anchors WHERE {where};"
    )
    db.close()


def test_the_key_is_created_private_with_its_public_key_beside(key: Path) -> None:
    signer = load_or_create_signer(key)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert public_key_path(key).name == "audit.pub" and public_key_path(key).exists()
    assert load_or_create_signer(key).fingerprint == signer.fingerprint  # loaded, not replaced
    assert signer.fingerprint.startswith("sha256:") and len(signer.fingerprint) == 71


def test_a_key_open_to_others_is_refused(key: Path) -> None:
    load_or_create_signer(key)
    key.chmod(0o644)
    with pytest.raises(KeyFileError, match="open to other users"):
        load_or_create_signer(key)


def test_signed_anchors_verify(tmp_path: Path, key: Path) -> None:
    path = tmp_path / "audit.sqlite"
    anchors = signed_log(path, load_or_create_signer(key))
    assert [a.seq for a in anchors] == [2, 4, 5]
    report = check_anchors(path, [load_public_key(public_key_path(key))], anchors[-1])
    assert report.problem is None
    assert (report.anchors, report.last_seq, report.unsigned_events) == (3, 5, 0)


def test_a_consistently_rewritten_chain_fails_at_its_first_anchor(
    tmp_path: Path, key: Path
) -> None:
    path = tmp_path / "audit.sqlite"
    signed_log(path, load_or_create_signer(key))
    rewrite_consistently(path, 3, {"verdict": "approved"})
    assert verify(path) == (5, None)  # the hash chain alone no longer tells
    report = check_anchors(path, [load_public_key(public_key_path(key))])
    assert report.problem == (
        "anchor at event 4: the chain's head there is not the signed one (events rewritten)"
    )


def test_a_wrong_key_fails(tmp_path: Path, key: Path) -> None:
    path = tmp_path / "audit.sqlite"
    signed_log(path, load_or_create_signer(key))
    other = load_or_create_signer(tmp_path / "other")
    report = check_anchors(path, [load_public_key(public_key_path(tmp_path / "other"))])
    assert report.problem is not None
    assert report.problem.startswith("anchor at event 2: signed by another key (sha256:")
    assert other.fingerprint not in report.problem


def test_anchors_re_signed_by_another_key_fail(tmp_path: Path, key: Path) -> None:
    path = tmp_path / "audit.sqlite"
    signer = load_or_create_signer(key)
    signed_log(path, signer)
    rewrite_consistently(path, 3, {"verdict": "approved"})
    forger = Signer(load_or_create_signer(tmp_path / "forger").key, signer.fingerprint)
    db = sqlite3.connect(path)
    db.executescript("DROP TRIGGER anchors_no_update;")
    for seq, head in db.execute("SELECT seq, hash FROM events WHERE seq IN (2, 4, 5)").fetchall():
        forged = sign_head(forger, seq, head, 0.0)
        db.execute(
            "UPDATE anchors SET head = ?, ts = ?, signature = ? WHERE seq = ?",
            (forged.head, forged.ts, forged.signature, seq),
        )
    db.commit()
    db.close()
    report = check_anchors(path, [load_public_key(public_key_path(key))])
    assert report.problem == (
        "anchor at event 2: the signature does not match (anchor edited or forged)"
    )


def test_deleted_anchors_are_reported(tmp_path: Path, key: Path) -> None:
    path = tmp_path / "audit.sqlite"
    last = signed_log(path, load_or_create_signer(key))[-1]
    public = [load_public_key(public_key_path(key))]
    delete_anchors(path, "seq = 5")
    report = check_anchors(path, public, last)
    assert report.problem == "the expected anchor at event 5 is not in the file (anchors deleted)"
    assert report.unsigned_events == 1
    delete_anchors(path)
    assert check_anchors(path, public).problem == (
        "no signed anchors: the chain's head was never signed here"
    )


def test_anchors_are_append_only(tmp_path: Path, key: Path) -> None:
    path = tmp_path / "audit.sqlite"
    signed_log(path, load_or_create_signer(key))
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE anchors SET head = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM anchors WHERE seq = 2")
    db.close()


def test_anchoring_twice_signs_the_head_once(tmp_path: Path, key: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite", load_or_create_signer(key))
    assert log.anchor() is None  # nothing to sign yet
    log.append("run1", "SKU-1", "extract", {})
    assert log.anchor() == log.anchor()
    log.close()
    assert len(read_anchors_and_heads(tmp_path / "audit.sqlite")[0]) == 1


async def test_a_run_signs_its_end_and_verify_checks_it(
    tmp_path: Path, key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(key))
    out = tmp_path / "out"
    settings = Settings()
    await run_job(
        JobSpec([BOTTLE], ["de-DE"], out, "run1", db_path=out / "state.sqlite"),
        settings,
        model_client(settings, fake_model([EN_GOOD], translations(DE_GOOD)), "fake-model"),
        observer=SilentObserver(),
    )
    audit = json.loads((out / "run.json").read_text())["audit"]
    anchor = audit["anchor"]
    assert (anchor["seq"], anchor["head"]) == (audit["events"], audit["head"])
    assert anchor["key_fingerprint"] == load_or_create_signer(key).fingerprint
    audit_file, public = str(out / "audit.sqlite"), str(public_key_path(key))

    result = CliRunner().invoke(app, ["audit", "verify", audit_file])
    assert result.exit_code == 0 and "1 signed anchor(s) not checked" in said(result.output)
    result = CliRunner().invoke(app, ["audit", "verify", audit_file, "--key", public])
    assert result.exit_code == 0, result.output
    assert f"run.json's anchor (event {anchor['seq']}) is there" in said(result.output)

    delete_anchors(out / "audit.sqlite")
    result = CliRunner().invoke(app, ["audit", "verify", audit_file, "--key", public])
    assert result.exit_code == 1
    assert "anchors deleted" in said(result.output)


def said(output: str) -> str:
    """CLI output with the console's line wrapping undone."""
    return " ".join(output.split())
