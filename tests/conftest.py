"""Fixtures shared by the unit and integration tests."""

from tests.postgres import (
    db_location,
    db_url,
    postgres_server,
    postgres_template,
    postgres_url,
)

__all__ = [
    "db_location",
    "db_url",
    "postgres_server",
    "postgres_template",
    "postgres_url",
]
