"""Where LangGraph keeps a run's checkpoints: a PostgreSQL database when a database URL is
set (LangGraph's AsyncPostgresSaver, tables created on first use), else the SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

SETUP_LOCK = 0x6C69_7374_6370_7473  # "listcpts": one process at a time sets up the tables


async def durable_enough(saver: AsyncSqliteSaver) -> None:
    """The saver's WAL file without an fsync per checkpoint (synchronous=NORMAL): a program
    crash still loses nothing, a power cut at most the last steps, which a rerun redoes."""
    await saver.setup()
    await saver.conn.execute("PRAGMA synchronous=NORMAL")


async def thread_ids(saver: AsyncSqliteSaver | AsyncPostgresSaver) -> list[str]:
    """Every thread with a checkpoint, sorted (one query on either backend)."""
    cursor = await saver.conn.execute("SELECT DISTINCT thread_id FROM checkpoints")
    rows = await cursor.fetchall()  # dicts on Postgres (the saver's row factory), else tuples
    return sorted(row["thread_id"] if isinstance(row, dict) else row[0] for row in rows)


async def drop_threads(url: str, prefixes: Sequence[str]) -> int:
    """Delete from the database every checkpoint thread whose id starts with one of
    `prefixes` (a deleted job's); how many there were."""
    async with AsyncPostgresSaver.from_conn_string(url) as saver:
        await set_up_once(saver, url)
        cursor = await saver.conn.execute(
            "SELECT DISTINCT thread_id FROM checkpoints WHERE EXISTS "
            "(SELECT 1 FROM unnest(%s::text[]) p WHERE starts_with(thread_id, p))",
            (list(prefixes),),
        )
        threads = [row["thread_id"] for row in await cursor.fetchall()]
        for thread in threads:
            await saver.adelete_thread(thread)
    return len(threads)


async def set_up_once(saver: AsyncPostgresSaver, url: str) -> None:
    """The saver's tables, made or migrated by one process at a time (workers starting together
    would otherwise race on LangGraph's migration rows), under a session advisory lock."""
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as lock:
        await lock.execute("SELECT pg_advisory_lock(%s)", (SETUP_LOCK,))
        await saver.setup()


@asynccontextmanager
async def open_checkpoints(
    db_path: Path, database_url: str | None
) -> AsyncIterator[AsyncSqliteSaver | AsyncPostgresSaver]:
    """The checkpointer of a run: Postgres at `database_url` when set, else `db_path`."""
    if database_url:
        async with AsyncPostgresSaver.from_conn_string(database_url) as saver:
            await set_up_once(saver, database_url)
            yield saver
        return
    async with AsyncSqliteSaver.from_conn_string(str(db_path)) as saver:
        await durable_enough(saver)
        yield saver
