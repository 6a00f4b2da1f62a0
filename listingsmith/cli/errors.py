"""Errors every command can meet, said in one line: a database that cannot be reached or
refuses the login (PostgreSQL through psycopg, its pool or SQLAlchemy; a SQLite file) is the
driver's own first line, with any password in it masked, instead of a traceback whose frames
hold the URL."""

from __future__ import annotations

import re

from listingsmith.config import without_url_password

# The packages whose errors are a database's answer, not a bug of ours.
DATABASE_PACKAGES = ("psycopg", "psycopg_pool", "sqlalchemy", "sqlite3")
# A password in libpq's key=value form (one in a URL: config.without_url_password).
_KEY_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
# Characters of the driver's message kept.
MESSAGE_CHARS = 300


def masked(text: str) -> str:
    """`text` with every password in a database URL or a libpq connection string masked."""
    return _KEY_PASSWORD.sub(r"\1***", without_url_password(text))


def is_database_error(error: BaseException) -> bool:
    """Whether `error` is raised by the database driver, its pool or SQLAlchemy."""
    return any(
        kind.__module__.split(".")[0] in DATABASE_PACKAGES for kind in type(error).__mro__[:-1]
    )


def database_error_line(error: BaseException) -> str:
    """One line for a database error: the driver's own first line (SQLAlchemy's wrapped
    original when there is one), any password masked."""
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    first = lines[0] if lines else type(original).__name__
    return "database: " + masked(first)[:MESSAGE_CHARS]
