"""A database URL's password never reaches the terminal: a database that cannot be reached is
one line (no traceback, whose frames' variables held the URL), and a traceback of any other
error shows no variables."""

from __future__ import annotations

import subprocess
import sys

import pytest
from port_for import select_random

from listingsmith.cli.errors import database_error_line, is_database_error, masked

PASSWORD = "S3cret-pw"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://bob:S3cret-pw@db:5432/x", "postgresql://bob:***@db:5432/x"),
        ("host=db user=bob password=S3cret-pw dbname=x", "host=db user=bob password=*** dbname=x"),
        ("password = 'S3cret pw' port=1", "password = *** port=1"),
        ("postgresql://bob@db/x", "postgresql://bob@db/x"),
    ],
)
def test_passwords_are_masked(text: str, shown: str) -> None:
    assert masked(text) == shown


def test_a_database_error_is_its_first_line_masked() -> None:
    import psycopg

    error = psycopg.OperationalError(
        f"connection failed: password=S3cret-pw for postgresql://bob:{PASSWORD}@db/x\nHINT: more"
    )
    assert is_database_error(error) and not is_database_error(ValueError("x"))
    line = database_error_line(error)
    assert PASSWORD not in line and "\n" not in line and line.startswith("database: ")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; sys.argv[0] = 'listingsmith'; from listingsmith.cli import app; app()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(
    "command",
    [["review", "list", "--db"], ["audit", "show", "SKU", "--db"], ["audit", "verify"]],
    ids=["review-list", "audit-show", "audit-verify"],
)
def test_an_unreachable_database_is_one_line_without_its_password(command: list[str]) -> None:
    url = f"postgresql://bob:{PASSWORD}@127.0.0.1:{select_random()}/listings"
    result = _cli(*command, url)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert PASSWORD not in output and "Traceback" not in output
    assert "database: connection failed" in output


def test_a_traceback_shows_no_variables() -> None:
    # A command that fails unexpectedly with a database URL in its frame.
    code = (
        "import sys; sys.argv[0] = 'listingsmith'; from listingsmith.cli import app\n"
        f"secret = 'postgresql://bob:{PASSWORD}@db/x'\n"
        "def fail(url=secret):\n"
        "    raise RuntimeError('boom')\n"
        "app.command('fail')(fail)\n"
        "app()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "fail"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "RuntimeError" in output and "boom" in output
    assert PASSWORD not in output
