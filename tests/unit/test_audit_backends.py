"""The audit log's chain, append-only rule and anchors on both backends, and many appenders
at once on PostgreSQL."""

import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from listingsmith.audit.anchors import judge_anchors
from listingsmith.audit.backends import open_audit_log, read_anchors_and_heads, verify_audit
from listingsmith.audit.signing import load_or_create_signer


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where the audit log lives: an SQLite file or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "audit.sqlite"
    return request.getfixturevalue("postgres_url")


def fill(location: str | Path, n: int = 5, worker: int = 0) -> None:
    log = open_audit_log(location)
    for i in range(n):
        log.append("run1", f"SKU-{worker}", "review", {"verdict": "finalize", "i": i}, "de-DE")
    log.close()


def tamper(location: str | Path, sql: str) -> None:
    """What an owner of the database could do: triggers off, then edit."""
    if isinstance(location, Path):
        db = sqlite3.connect(location)
        db.executescript("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;" + sql)
        db.commit()
        db.close()
        return
    with psycopg.connect(location, autocommit=True, options="-c search_path=audit") as db:
        db.execute("ALTER TABLE events DISABLE TRIGGER USER")
        db.execute(sql)


def test_an_intact_chain_verifies(location: str | Path) -> None:
    fill(location)
    assert verify_audit(location) == (5, None)
    log = open_audit_log(location)
    assert [e.payload["i"] for e in log.events("SKU-0", "de-DE")] == [0, 1, 2, 3, 4]
    log.close()


def test_an_edited_event_is_named(location: str | Path) -> None:
    fill(location)
    tamper(location, 'UPDATE events SET payload = \'{"verdict": "approved"}\' WHERE seq = 3;')
    assert verify_audit(location)[1] == "event 3: content does not match its hash (edited)"


def test_a_deleted_event_is_named(location: str | Path) -> None:
    fill(location)
    tamper(location, "DELETE FROM events WHERE seq = 2;")
    assert verify_audit(location)[1].startswith("event 3: expected event 2 here")


def test_postgres_refuses_updates_deletes_and_truncates(postgres_url: str) -> None:
    fill(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as db:
        for sql in (
            "UPDATE audit.events SET payload = '{}' WHERE seq = 2",
            "DELETE FROM audit.events WHERE seq = 2",
            "TRUNCATE audit.events",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                db.execute(sql)
    assert verify_audit(postgres_url) == (5, None)


def test_anchors_hold_then_a_rewrite_is_named(location: str | Path, tmp_path: Path) -> None:
    signer = load_or_create_signer(tmp_path / "keys" / "audit")
    log = open_audit_log(location, signer, anchor_every=2)
    for i in range(5):
        log.append("run1", "SKU-1", "review", {"i": i}, "de-DE")
    final = log.anchor()
    log.close()
    keys = [signer.key.public_key()]
    report = judge_anchors(*read_anchors_and_heads(location), keys, final)
    assert (report.anchors, report.last_seq, report.problem) == (3, 5, None)
    tamper(location, "UPDATE events SET hash = 'x' WHERE seq = 4;")
    report = judge_anchors(*read_anchors_and_heads(location), keys, final)
    assert report.problem == (
        "anchor at event 4: the chain's head there is not the signed one (events rewritten)"
    )


def test_concurrent_appenders_keep_one_linear_chain(postgres_url: str) -> None:
    """Threads (each its own connection) and processes append at once; the chain verifies."""
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=fill, args=(postgres_url, 20, w)) for w in (1, 2, 3)]
    for process in processes:
        process.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda w: fill(postgres_url, 20, w), (4, 5, 6, 7)))
    shared = open_audit_log(postgres_url)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda i: shared.append("run2", "SKU-8", "n", {"i": i}), range(20)))
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    assert verify_audit(postgres_url) == (160, None)
    assert {e.sku for e in shared.events()} == {f"SKU-{w}" for w in range(1, 9)}
    shared.close()


def test_the_audit_schema_is_migrated_once_by_alembic(postgres_url: str) -> None:
    fill(postgres_url, 2)
    fill(postgres_url, 2)  # a second connection finds the schema at its newest revision
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT version_num FROM audit_alembic_version").fetchall() == [
            ("a0003",)
        ]
    assert verify_audit(postgres_url) == (4, None)
