"""Fixtures shared by the unit and integration tests."""

import os
import shutil
import tempfile

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


# What the tests keep out of the user's cache: the validated policy packs, the phrase matchers
# and videos' key frames.
_SESSION_FOLDERS = (
    "LISTINGSMITH_PACKS_CACHE",
    "LISTINGSMITH_MATCHERS_CACHE",
    "LISTINGSMITH_KEY_FRAMES_STORE",
)


def pytest_configure(config: pytest.Config) -> None:
    """The packs and matchers caches and the key-frame store are folders of this test session,
    never the user's cache; set before collection, where test modules load the packs (the
    environment carries them to the CLI and servers the tests start)."""
    folder = tempfile.mkdtemp(prefix="listingsmith-tests-")
    config.stash[_BEFORE] = (folder, {name: os.environ.get(name) for name in _SESSION_FOLDERS})
    for name in _SESSION_FOLDERS:
        os.environ[name] = os.path.join(folder, name.lower())


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before = config.stash.get(_BEFORE, (None, {}))
    if folder is None:
        return
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(folder, ignore_errors=True)


_BEFORE = pytest.StashKey[tuple[str | None, dict[str, str | None]]]()
