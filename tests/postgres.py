"""A throwaway PostgreSQL server for the test session (pytest-postgresql's executor on a temp
dir and a free port, from Debian's binaries; no system service). initdb and pg_ctl refuse to
run as root, so under root they run as the `postgres` user Debian's package creates. Each test
gets a fresh database copied from a template migrated once per session (the audit and store
schemas, LangGraph's checkpoint tables); `db_url` runs a test on SQLite files and again on one."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import pytest
from langgraph.checkpoint.postgres import PostgresSaver
from port_for import select_random
from pytest_postgresql.executors.proc import PostgreSQLExecutor
from pytest_postgresql.janitor import DatabaseJanitor

from listingsmith.audit.migrations import upgrade
from listingsmith.audit.postgres import CHAIN_LOCK

OS_USER = "postgres"
_databases = count(1)


def find_pg_ctl() -> str | None:
    """pg_ctl on PATH, else the newest of Debian's versioned installs; None when absent."""
    found = shutil.which("pg_ctl") or sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if isinstance(found, list):
        return found[-1] if found else None
    return found


def _as_os_user(pg_ctl: str, root: Path) -> str:
    """A pg_ctl wrapper that runs it as the postgres user (root only), owning `root`."""
    wrapper = root / "pg_ctl"
    wrapper.write_text(f'#!/bin/sh\nexec runuser -u {OS_USER} -- "{pg_ctl}" "$@"\n')
    wrapper.chmod(0o755)
    shutil.chown(root, OS_USER, OS_USER)
    return str(wrapper)


@contextmanager
def throwaway_server(pg_ctl: str) -> Iterator[PostgreSQLExecutor]:
    """A server on a temporary directory and a free port, removed on leaving (the tests' and
    benchmarks/workers.py's)."""
    root = Path(tempfile.mkdtemp(prefix="listingsmith-pg-"))
    executable = _as_os_user(pg_ctl, root) if os.geteuid() == 0 else pg_ctl
    server = PostgreSQLExecutor(
        executable=executable,
        host="127.0.0.1",
        port=select_random(),
        datadir=str(root / "data"),
        unixsocketdir=str(root),
        logfile=str(root / "server.log"),
        startparams="-w",
        dbname="listingsmith",
        user="postgres",
    )
    try:
        server.start()
        server.wait_for_postgres()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgreSQLExecutor]:
    """One server for the whole session; skipped (with why) when PostgreSQL is not installed."""
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        pytest.skip("PostgreSQL is not installed (no pg_ctl): scripts/install-postgres.sh")
    with throwaway_server(pg_ctl) as server:
        yield server


def _url(server: PostgreSQLExecutor, name: str) -> str:
    return f"postgresql://{server.user}@{server.host}:{server.port}/{name}"


def _janitor(server: PostgreSQLExecutor, name: str, template: str | None = None) -> DatabaseJanitor:
    return DatabaseJanitor(
        user=server.user,
        host=server.host,
        port=server.port,
        dbname=name,
        template_dbname=template,
    )


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgreSQLExecutor) -> str:
    """The session's template database, migrated to the newest revision (every connection
    would migrate a fresh database itself; the copy only saves the time)."""
    name = f"template_{os.getpid()}"
    _janitor(postgres_server, name).init()
    url = _url(postgres_server, name)
    upgrade(url, CHAIN_LOCK)
    with PostgresSaver.from_conn_string(url) as saver:
        saver.setup()
    return name


@pytest.fixture
def postgres_url(postgres_server: PostgreSQLExecutor, postgres_template: str) -> Iterator[str]:
    """A fresh database on the session's server, migrated and holding no rows, dropped after
    the test."""
    name = f"test_{os.getpid()}_{next(_databases)}"
    janitor = _janitor(postgres_server, name, postgres_template)
    janitor.init()
    try:
        yield _url(postgres_server, name)
    finally:
        janitor.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """The test on SQLite files beside each run (None), then on a fresh PostgreSQL database
    (its URL, also in LISTINGSMITH_DATABASE_URL so that every Settings() reaches it)."""
    if request.param == "sqlite":
        monkeypatch.delenv("LISTINGSMITH_DATABASE_URL", raising=False)
        return None
    url = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("LISTINGSMITH_DATABASE_URL", url)
    # The service runs its jobs itself, as on SQLite (the queue and its workers have their own
    # tests: test_queue_workers.py).
    monkeypatch.setenv("LISTINGSMITH_QUEUE_JOBS", "false")
    return url


@pytest.fixture
def db_location(db_url: str | None, tmp_path: Path) -> str | Path:
    """Where a store under test lives: the PostgreSQL database, or a file in tmp_path."""
    return db_url or tmp_path / "store.sqlite"
