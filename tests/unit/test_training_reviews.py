"""Training pairs from the translation memory: edits first, one pair per English text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from listingsmith.cli import app
from listingsmith.storage.memory import TranslationMemory
from listingsmith.training.reviews import review_examples, reviewed_pairs
from listingsmith.training.translation import example


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


def reviewed_memory(tmp_path: Path) -> Path:
    path = tmp_path / "memory.sqlite"
    memory = TranslationMemory(path)
    memory.remember("acme", "de", "Holds 750 ml", "Fasst 750 ml", "edited", "bo")
    memory.remember("globex", "ja", "Blue mug", "青いマグ", "approved", None)
    return path


def test_review_examples_are_the_adapters_prompt_and_the_reviewed_text(tmp_path: Path) -> None:
    memory = TranslationMemory(reviewed_memory(tmp_path))
    (only,) = review_examples(memory, "acme")
    assert only == example("de", "Holds 750 ml", "Fasst 750 ml", "reviews")
    assert only.target == " Fasst 750 ml" and only.source == "reviews"


def test_train_translate_from_reviews_trains_on_the_reviewed_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict = {}

    def fake_train(task, paths, out, settings, device="cpu", reviewed=()):
        seen.update(task=task, paths=paths, reviewed=list(reviewed))
        loss = {"before": 2.0, "best": 1.0}
        return {"examples": {"train": 2}, "steps": 1, "validation_loss": loss, "wall_seconds": 1}

    monkeypatch.setattr("listingsmith.training.run.train_task", fake_train)
    memory = reviewed_memory(tmp_path)
    args = ["train", "translate", "--out", str(tmp_path / "a"), "--from-reviews", str(memory)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert seen["task"] == "translate" and seen["paths"] == []
    assert [e.target for e in seen["reviewed"]] == [" Fasst 750 ml", " 青いマグ"]


def test_from_reviews_is_refused_clearly_where_it_cannot_apply(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    TranslationMemory(empty)
    for task, memory, words in [
        ("draft", reviewed_memory(tmp_path), "only the translate task learns from reviews"),
        ("translate", empty, "no training data"),
    ]:
        args = ["train", task, "--out", str(tmp_path / "a"), "--from-reviews", str(memory)]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2 and words in result.output
