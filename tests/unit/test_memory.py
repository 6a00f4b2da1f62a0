"""The translation memory: exact and fuzzy lookups, tenants kept apart, edits winning over
approvals, bounds, and two connections writing at once."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from listingsmith.config import MemoryLimits
from listingsmith.domain import Product
from listingsmith.storage.memory import (
    DEFAULT_TENANT,
    TranslationMemory,
    memory_tenant,
    segment_hash,
)


@pytest.fixture
def memory(db_location: str | Path) -> TranslationMemory:
    """A memory on each backend: a file, then a PostgreSQL database."""
    return TranslationMemory(db_location)


def test_an_identical_segment_matches_exactly_after_normalisation(
    memory: TranslationMemory,
) -> None:
    memory.remember("acme", "de", "Blue  cotton\tshirt ", "Blaues Baumwollhemd", "approved", "ann")
    match = memory.exact("acme", "de", " Blue cotton shirt")
    assert match is not None
    assert (match.source, match.target, match.score) == (
        "Blue  cotton\tshirt ",  # stored exactly as given
        "Blaues Baumwollhemd",
        100.0,
    )
    assert (match.origin, match.reviewer) == ("approved", "ann")
    assert memory.exact("acme", "de", "Blue cotton shirts") is None
    assert memory.exact("acme", "fr", "Blue cotton shirt") is None


def test_unicode_forms_share_one_entry(memory: TranslationMemory) -> None:
    composed, decomposed = "Caf\u00e9 mug", "Cafe\u0301 mug"
    memory.remember("acme", "fr", decomposed, "Tasse de caf\u00e9", "approved", None)
    assert segment_hash(composed) == segment_hash(decomposed)
    assert memory.exact("acme", "fr", composed) is not None


def test_fuzzy_offers_close_sources_best_first_within_the_bounds(
    memory: TranslationMemory,
) -> None:
    memory.remember(
        "acme", "de", "Red cotton shirt, size M", "Rotes Baumwollhemd, Größe M", "approved", None
    )
    memory.remember(
        "acme", "de", "Red cotton shirt, size L", "Rotes Baumwollhemd, Größe L", "edited", "bo"
    )
    memory.remember(
        "acme", "de", "Stainless steel kettle", "Wasserkocher aus Edelstahl", "approved", None
    )
    matches = memory.fuzzy("acme", "de", "Red cotton shirt, size S")
    assert [m.target for m in matches] == [
        "Rotes Baumwollhemd, Größe L",  # equal scores: the newest first
        "Rotes Baumwollhemd, Größe M",
    ]
    assert all(75.0 <= m.score < 100.0 for m in matches)
    assert len(memory.fuzzy("acme", "de", "Red cotton shirt, size S", limit=1)) == 1
    assert memory.fuzzy("acme", "de", "Red cotton shirt, size S", min_score=99.0) == []


def test_fuzzy_compares_only_the_most_recent_candidates(db_location: str | Path) -> None:
    memory = TranslationMemory(db_location, MemoryLimits(fuzzy_candidates=1))
    memory.remember("acme", "de", "Red cotton shirt", "Rotes Baumwollhemd", "approved", None)
    memory.remember("acme", "de", "Green glass vase", "Grüne Glasvase", "approved", None)
    assert memory.fuzzy("acme", "de", "Red cotton shirts") == []
    assert [m.target for m in memory.fuzzy("acme", "de", "Green glass vases")] == ["Grüne Glasvase"]


def test_tenants_never_see_each_others_entries(memory: TranslationMemory) -> None:
    memory.remember("acme", "de", "Blue mug", "Blaue Tasse", "edited", "ann")
    assert memory.exact("globex", "de", "Blue mug") is None
    assert memory.fuzzy("globex", "de", "Blue mugs") == []
    assert [p.tenant for p in memory.pairs("globex")] == []
    assert [p.target for p in memory.pairs("acme")] == ["Blaue Tasse"]


def test_an_edit_supersedes_an_approval_and_not_the_other_way(memory: TranslationMemory) -> None:
    memory.remember("acme", "ja", "Blue mug", "青いマグ", "approved", "ann")
    memory.remember("acme", "ja", "Blue mug", "青いマグカップ", "edited", "bo")
    memory.remember("acme", "ja", "Blue mug", "ブルーマグ", "approved", "cy")
    match = memory.exact("acme", "ja", "Blue mug")
    assert match is not None
    assert (match.target, match.origin, match.reviewer) == ("青いマグカップ", "edited", "bo")
    memory.remember("acme", "ja", "Blue mug", "青のマグカップ", "edited", "dee")
    assert memory.exact("acme", "ja", "Blue mug").target == "青のマグカップ"  # type: ignore[union-attr]
    assert len(list(memory.pairs())) == 1


def test_pairs_lists_edits_first_with_tenant_and_language(memory: TranslationMemory) -> None:
    memory.remember("acme", "de", "Blue mug", "Blaue Tasse", "approved", None)
    memory.remember("globex", "fr", "Red mug", "Tasse rouge", "edited", "bo")
    pairs = list(memory.pairs())
    assert [(p.tenant, p.language, p.origin) for p in pairs] == [
        ("globex", "fr", "edited"),
        ("acme", "de", "approved"),
    ]


def test_segments_are_bounded_and_blank_ones_refused(db_location: str | Path) -> None:
    memory = TranslationMemory(db_location, MemoryLimits(segment_chars=10))
    assert not memory.storable("a" * 11, "b")
    assert not memory.storable("  \n", "b")
    with pytest.raises(ValueError, match="at most 10 characters"):
        memory.remember("acme", "de", "a" * 11, "b", "approved", None)
    with pytest.raises(ValueError, match="tenant and language"):
        memory.remember("", "de", "a", "b", "approved", None)
    assert memory.exact("acme", "de", "a" * 11) is None
    assert memory.fuzzy("acme", "de", "a" * 11) == []
    assert list(memory.pairs()) == []


def test_two_connections_write_at_once(db_location: str | Path) -> None:
    first, second = TranslationMemory(db_location), TranslationMemory(db_location)

    def write(memory: TranslationMemory, tenant: str) -> None:
        for i in range(40):
            memory.remember(tenant, "de", f"segment {i}", f"Segment {i}", "approved", None)

    threads = [
        threading.Thread(target=write, args=(first, "acme")),
        threading.Thread(target=write, args=(second, "globex")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(list(first.pairs("acme"))) == len(list(second.pairs("globex"))) == 40
    if isinstance(db_location, Path):
        with sqlite3.connect(db_location) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_writer_waits_for_another_connections_transaction(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    memory = TranslationMemory(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    writer = threading.Thread(
        target=memory.remember, args=("acme", "de", "Blue mug", "Blaue Tasse", "approved", None)
    )
    writer.start()
    writer.join(timeout=0.3)
    assert writer.is_alive()  # blocked by the other connection's write lock
    other.execute("COMMIT")
    writer.join(timeout=10)
    other.close()
    assert memory.exact("acme", "de", "Blue mug") is not None


def test_the_tenant_is_the_runs_then_the_sellers_then_the_default() -> None:
    product = Product(sku="s", title="t", seller="acme")
    assert memory_tenant("globex", product) == "globex"
    assert memory_tenant(None, product) == "acme"
    assert memory_tenant(None, Product(sku="s", title="t")) == DEFAULT_TENANT
