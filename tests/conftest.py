"""Fixtures shared by the unit and integration tests."""

from collections.abc import Iterator

import pytest

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


@pytest.fixture(scope="session", autouse=True)
def _key_frames_in_a_test_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Videos' key frames go to a folder of this test session, never the user's cache (the
    environment carries it to the CLI and servers the tests start)."""
    with pytest.MonkeyPatch.context() as patch:
        store = tmp_path_factory.mktemp("key-frames")
        patch.setenv("LISTINGSMITH_KEY_FRAMES_STORE", str(store))
        yield
