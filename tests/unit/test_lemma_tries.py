"""simplemma's dictionaries as tries kept on disk (text.stems): the same lemmas and known words
as its default dictionaries, each language written whole once into Settings.lemma_cache_dir and
mapped from there by the next process."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import simplemma

from listingsmith.text import stems

WORDS = {
    "de": ["Schüsseln", "umweltfreundliche", "Häuser", "klimaneutral", "gewaschen"],
    "fr": ["écologiques", "durables", "lavés", "bouteilles"],
    "sv": ["strumpor", "miljövänliga", "flaskor"],
}


@pytest.fixture
def lemma_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("LISTINGSMITH_LEMMA_CACHE", str(tmp_path))
    stems._simplemma.cache_clear()
    yield tmp_path
    stems._simplemma.cache_clear()


def test_tries_give_simplemmas_lemmas_and_are_written_whole(lemma_cache: Path) -> None:
    for language, words in WORDS.items():
        for word in words:
            assert stems.lemma(word, language) == simplemma.lemmatize(word, language)
            assert stems.is_known(word, language) == simplemma.is_known(word, language)
    folder = lemma_cache / simplemma.__version__
    assert sorted(p.name for p in folder.iterdir()) == [f"{lang}.dic" for lang in sorted(WORDS)]


def test_the_next_process_maps_the_kept_trie(lemma_cache: Path) -> None:
    stems.lemma("Häuser", "de")
    kept = lemma_cache / simplemma.__version__ / "de.dic"
    written = kept.stat().st_mtime_ns
    stems._simplemma.cache_clear()  # as a new process: nothing in memory
    assert stems.lemma("Schüsseln", "de") == "Schüssel"
    assert kept.stat().st_mtime_ns == written  # read, not built and written again
