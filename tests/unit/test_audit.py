import sqlite3
from pathlib import Path

import pytest

from listingsmith.audit.log import AuditLog, verify


def filled(tmp_path: Path, n: int = 5) -> Path:
    path = tmp_path / "audit.sqlite"
    log = AuditLog(path)
    for i in range(n):
        log.append("run1", "SKU-1", "review", {"verdict": "finalize", "i": i}, "de-DE", 1)
    log.close()
    return path


def tamper(path: Path, sql: str) -> None:
    """What someone with the file and the sqlite3 tool could do (triggers dropped first)."""
    db = sqlite3.connect(path)
    db.executescript("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;" + sql)
    db.commit()
    db.close()


def test_intact_chain_verifies(tmp_path: Path) -> None:
    assert verify(filled(tmp_path)) == (5, None)


def test_updates_and_deletes_are_refused(tmp_path: Path) -> None:
    db = sqlite3.connect(filled(tmp_path))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE events SET payload = '{}' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM events WHERE seq = 2")


def test_an_edited_event_is_named(tmp_path: Path) -> None:
    path = filled(tmp_path)
    tamper(path, 'UPDATE events SET payload = \'{"verdict": "approved"}\' WHERE seq = 3;')
    assert verify(path)[1] == "event 3: content does not match its hash (edited)"


def test_a_deleted_event_is_named(tmp_path: Path) -> None:
    path = filled(tmp_path)
    tamper(path, "DELETE FROM events WHERE seq = 2;")
    assert verify(path)[1].startswith("event 3: expected event 2 here")


def test_reordered_events_are_named(tmp_path: Path) -> None:
    path = filled(tmp_path)
    tamper(
        path,
        "UPDATE events SET seq = 100 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 4;"
        "UPDATE events SET seq = 4 WHERE seq = 100;",
    )
    assert verify(path)[1].startswith("event 2: does not follow event 1")


def test_events_by_sku_and_locale(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    log.append("r", "A", "extract", {})
    log.append("r", "A", "review", {}, "de-DE", 1)
    log.append("r", "A", "review", {}, "ja-JP", 1)
    log.append("r", "B", "extract", {})
    assert [e.node + str(e.locale) for e in log.events("A", "de-DE")] == [
        "extractNone",
        "reviewde-DE",
    ]
    log.close()
