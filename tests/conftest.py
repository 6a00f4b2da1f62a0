"""Fixtures shared by the unit and integration tests."""

import os
import shutil
import tempfile
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


def pytest_configure(config: pytest.Config) -> None:
    """The validated policy packs are kept in a folder of this test session, never the user's
    cache; set before collection, where test modules load the packs (the environment carries
    it to the CLI and servers the tests start)."""
    folder = tempfile.mkdtemp(prefix="listingsmith-packs-")
    config.stash[_PACKS_CACHE] = (folder, os.environ.get("LISTINGSMITH_PACKS_CACHE"))
    os.environ["LISTINGSMITH_PACKS_CACHE"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before = config.stash.get(_PACKS_CACHE, (None, None))
    if folder is None:
        return
    if before is None:
        os.environ.pop("LISTINGSMITH_PACKS_CACHE", None)
    else:
        os.environ["LISTINGSMITH_PACKS_CACHE"] = before
    shutil.rmtree(folder, ignore_errors=True)


_PACKS_CACHE = pytest.StashKey[tuple[str | None, str | None]]()
