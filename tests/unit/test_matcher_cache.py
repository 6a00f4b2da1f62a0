"""The phrase matchers kept between runs: a new process loads a kept matcher instead of building
it and finds the same hits; a file that cannot be read, one that holds other phrases, and the
files of other code or library versions are never used, and are replaced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from listingsmith.policies import matcher_cache, matching
from listingsmith.text.reader import read

ENTRIES = (
    ("eco-friendly", "word", "green"),
    ("best price guaranteed", "word", "promo"),
    ("Umwelt", "word", "green"),
)
TEXT = "An eco friendly bag, the best prices guaranteed."


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    kept = tmp_path / "matchers"
    monkeypatch.setenv("LISTINGSMITH_MATCHERS_CACHE", str(kept))
    _new_process()
    yield kept
    _new_process()


def _new_process() -> None:
    """What a new process starts without: the folder read from the settings."""
    matcher_cache.matchers_folder.cache_clear()


# What a process does the first time it asks for a matcher, leaving this process's matchers
# alone: clearing phrase_matcher's cache would leave the engine's shared indexes and rule sets
# holding matchers that phrase_matcher no longer returns, and a later test's index pass would
# find its readings indexed by another matcher.
_first_asked = matching.phrase_matcher.__wrapped__


def _hits(matcher: matching.PhraseMatcher) -> list[matching.Hit]:
    return matcher.find(read(TEXT, "en"))


def _file(folder: Path) -> Path:
    (found,) = folder.glob(f"{matcher_cache.generation()}/*.pickle")
    return found


def _no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def built(*args: object) -> None:
        raise AssertionError("the matcher was built again")

    monkeypatch.setattr(matching, "_built", built)


def test_the_matchers_cache_lives_in_the_settings_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LISTINGSMITH_MATCHERS_CACHE")  # the test session's own folder
    monkeypatch.setenv("LISTINGSMITH_CACHE_DIR", str(tmp_path))
    _new_process()
    try:
        assert matcher_cache.matchers_folder() == tmp_path / "matchers"
    finally:
        _new_process()


def test_a_new_process_loads_the_kept_matcher_and_finds_the_same(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _first_asked(ENTRIES, "en")
    hits = _hits(built)
    assert {tag for _, _, tag in hits} == {"green", "promo"}
    stored = _file(folder)
    assert stored.stem == matcher_cache.matcher_key(ENTRIES, "en")
    assert not list(stored.parent.glob("*.tmp"))  # written whole, then renamed
    _new_process()
    _no_building(monkeypatch)
    loaded = _first_asked(ENTRIES, "en")
    assert loaded is not built
    assert _hits(loaded) == hits
    assert matcher_cache.kept_matcher(folder, ENTRIES, "en").opens == {}  # kept before any text


def test_a_broken_file_is_ignored_and_replaced(folder: Path) -> None:
    hits = _hits(_first_asked(ENTRIES, "en"))
    stored = _file(folder)
    stored.write_bytes(b"not a pickle")
    _new_process()
    assert _hits(_first_asked(ENTRIES, "en")) == hits
    assert stored.read_bytes() != b"not a pickle"


def test_a_file_holding_other_phrases_is_not_used(folder: Path) -> None:
    other = (("plastic free", "word", "green"),)
    _first_asked(other, "en")
    foreign = _file(folder)
    target = foreign.with_name(f"{matcher_cache.matcher_key(ENTRIES, 'en')}.pickle")
    foreign.rename(target)  # the other phrases' matcher under this one's name
    _new_process()
    assert {tag for _, _, tag in _hits(_first_asked(ENTRIES, "en"))} == {
        "green",
        "promo",
    }
    assert matcher_cache.kept_matcher(folder, ENTRIES, "en") is not None  # replaced


def test_other_code_or_library_versions_build_anew_and_remove_the_old_files(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _first_asked(ENTRIES, "en")
    old = _file(folder).parent
    _new_process()
    monkeypatch.setattr(matcher_cache, "_version", lambda library: "another")
    matcher_cache.generation.cache_clear()
    try:
        assert matcher_cache.generation() != old.name
        assert matcher_cache.kept_matcher(folder, ENTRIES, "en") is None  # stale: not read
        _first_asked(ENTRIES, "en")
        assert [path.name for path in folder.iterdir()] == [matcher_cache.generation()]
    finally:
        matcher_cache.generation.cache_clear()


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("LISTINGSMITH_MATCHERS_CACHE", str(blocked / "matchers"))
    _new_process()
    try:
        assert {tag for _, _, tag in _hits(_first_asked(ENTRIES, "en"))} == {
            "green",
            "promo",
        }
    finally:
        _new_process()
