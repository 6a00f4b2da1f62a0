"""The validated policy packs kept between runs: read from the cache while the pack files are
unchanged, read again from the files (and the cache replaced) once one changes; a cache file
another user may write (a pickle runs code when loaded) is never unpickled."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from listingsmith.config import Settings
from listingsmith.policies import pack_cache, packs
from listingsmith.policies.kinds import KINDS


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "packs"
    monkeypatch.setenv("LISTINGSMITH_PACKS_CACHE", str(folder))
    packs.load_packs.cache_clear()
    yield folder
    packs.load_packs.cache_clear()


def _files() -> list[tuple[str, bytes]]:
    return [(item.name, item.read_bytes()) for item in packs._pack_files()]


def test_the_packs_cache_lives_in_the_settings_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LISTINGSMITH_PACKS_CACHE")  # the test session's own folder
    assert Settings(cache_dir=tmp_path).packs_cache_dir == tmp_path / "packs"
    assert Settings(packs_cache=tmp_path / "x").packs_cache_dir == tmp_path / "x"


def test_a_second_start_reads_the_packs_from_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = packs.load_packs()
    stored = list(cache_dir.glob("*.pickle"))
    assert len(stored) == 1
    packs.load_packs.cache_clear()

    def no_yaml(*args: object) -> None:
        raise AssertionError("the packs were read from their files again")

    monkeypatch.setattr(packs, "read_packs", no_yaml)
    assert packs.load_packs() == first


def test_a_changed_pack_file_is_read_again_and_replaces_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packs.load_packs()
    (old,) = cache_dir.glob("*.pickle")
    files = _files()
    name, data = files[0]
    changed = data.replace(b"\ntitle: ", b"\ntitle: Changed ", 1)
    assert changed != data
    edited = [(name, changed), *files[1:]]
    monkeypatch.setattr(packs, "_pack_files", lambda: [_Item(n, d) for n, d in edited])
    packs.load_packs.cache_clear()
    loaded = packs.load_packs()
    assert loaded[0].title.startswith("Changed ")
    (new,) = cache_dir.glob("*.pickle")
    assert new != old  # the old key's file removed
    assert new.stem == pack_cache.packs_key(edited, KINDS)


def test_a_broken_cache_file_is_ignored_and_replaced(cache_dir: Path) -> None:
    first = packs.load_packs()
    (stored,) = cache_dir.glob("*.pickle")
    stored.write_bytes(b"not a pickle")
    packs.load_packs.cache_clear()
    assert packs.load_packs() == first
    assert stored.read_bytes() != b"not a pickle"


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("LISTINGSMITH_PACKS_CACHE", str(blocked / "packs"))
    packs.load_packs.cache_clear()
    try:
        assert packs.load_packs()
    finally:
        packs.load_packs.cache_clear()


def test_the_key_follows_the_sources_and_versions_not_only_the_files() -> None:
    files = _files()
    key = pack_cache.packs_key(files, KINDS)
    assert key == pack_cache.packs_key(files, KINDS)
    assert key != pack_cache.packs_key(files, [*KINDS, "new_kind"])
    assert key != pack_cache.packs_key(files[1:], KINDS)


class _Item:
    """A pack file as importlib.resources gives it."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self._data = data

    def read_bytes(self) -> bytes:
        return self._data


class _Planted:
    """What a file planted in a shared cache folder would run when unpickled."""

    ran = False

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_Planted._run, ())

    @staticmethod
    def _run() -> None:
        _Planted.ran = True


@pytest.mark.parametrize("writable", ["file", "folder"])
def test_a_cache_file_others_may_write_is_never_unpickled(tmp_path: Path, writable: str) -> None:
    folder = tmp_path / "cache"
    pack_cache.write_whole(folder / f"key{pack_cache.SUFFIX}", _Planted())
    _Planted.ran = False
    assert pack_cache.cached(folder, "key") is None and _Planted.ran  # the user's own: read
    _Planted.ran = False
    target = folder / f"key{pack_cache.SUFFIX}" if writable == "file" else folder
    os.chmod(target, target.stat().st_mode | 0o002)
    assert pack_cache.cached(folder, "key") is None
    assert not _Planted.ran
    assert pickle.loads(pickle.dumps(_Planted())) is None and _Planted.ran  # it would have run
