"""The audit log and the checkpoints commit without an fsync per event or step (WAL with
synchronous=NORMAL): each costs microseconds, not a disk flush, and a crash still loses nothing."""

import sqlite3
from pathlib import Path

from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from listingsmith.audit.log import AuditLog, verify
from listingsmith.storage.checkpoints import durable_enough

NORMAL = 1  # PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL


def test_the_audit_log_is_a_wal_file_readable_while_written(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    log.append("r", "A", "extract", {})
    assert log._db.execute("PRAGMA synchronous").fetchone()[0] == NORMAL
    reader = sqlite3.connect(tmp_path / "audit.sqlite")
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reader.close()
    log.append("r", "A", "draft", {})
    assert verify(tmp_path / "audit.sqlite") == (2, None)  # while the writer is open
    log.close()


async def test_checkpoints_commit_without_a_flush_per_step(tmp_path: Path) -> None:
    async with AsyncSqliteSaver.from_conn_string(str(tmp_path / "state.sqlite")) as saver:
        await durable_enough(saver)
        async with saver.conn.execute("PRAGMA synchronous") as cursor:
            assert (await cursor.fetchone())[0] == NORMAL
        async with saver.conn.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"
