"""A throwaway PostgreSQL server for the test session (pytest-postgresql's executor on a temp
dir and a free port, from Debian's binaries; no system service). initdb and pg_ctl refuse to
run as root, so under root they run as the `postgres` user Debian's package creates."""

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
from port_for import select_random
from pytest_postgresql.executors.proc import PostgreSQLExecutor
from pytest_postgresql.janitor import DatabaseJanitor

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


@pytest.fixture
def postgres_url(postgres_server: PostgreSQLExecutor) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    name = f"test_{os.getpid()}_{next(_databases)}"
    janitor = DatabaseJanitor(
        user=postgres_server.user,
        host=postgres_server.host,
        port=postgres_server.port,
        dbname=name,
    )
    janitor.init()
    try:
        yield f"postgresql://{postgres_server.user}@{postgres_server.host}:{postgres_server.port}/{name}"
    finally:
        janitor.drop()
