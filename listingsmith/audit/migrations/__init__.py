"""Alembic migrations of the audit schema on PostgreSQL (upgraded on every connection)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

# Where Alembic records the audit schema's revision (beside LangGraph's own tables).
VERSION_TABLE = "audit_alembic_version"


def upgrade(url: str, lock: int) -> None:
    """Bring the audit schema of the database at `url` to the newest revision, holding the
    advisory lock `lock` so that processes starting together migrate one at a time."""
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})
            _run(connection)
    finally:
        engine.dispose()


def _run(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(files("listingsmith.audit.migrations")))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
