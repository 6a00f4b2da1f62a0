"""Training pairs from the translation memory: edits first, one pair per English text."""

from __future__ import annotations

from pathlib import Path

from listingsmith.storage.memory import TranslationMemory
from listingsmith.training.reviews import reviewed_pairs


def test_reviewed_pairs_put_edits_first_and_keep_one_pair_per_source(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "memory.sqlite")
    memory.remember("acme", "de", "Blue mug", "Blaue Tasse", "approved", None)
    memory.remember("acme", "ja", "Blue mug", "青いマグ", "approved", None)
    memory.remember("acme", "de", "Red mug", "Rote Tasse", "edited", "bo")
    memory.remember("globex", "de", "Blue  mug", "Blauer Becher", "edited", "cy")
    assert reviewed_pairs(memory, None) == [
        ("Blue  mug", "Blauer Becher", "de"),  # globex's edit wins over acme's approval
        ("Red mug", "Rote Tasse", "de"),
        ("Blue mug", "青いマグ", "ja"),
    ]
    assert reviewed_pairs(memory, "acme") == [
        ("Red mug", "Rote Tasse", "de"),
        ("Blue mug", "青いマグ", "ja"),
        ("Blue mug", "Blaue Tasse", "de"),
    ]
    assert reviewed_pairs(memory, "initech") == []
