"""`listingsmith train TASK`: data files -> examples -> LoRA adapter + card.json in DIR."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from listingsmith.batch.catalog import read_catalog
from listingsmith.config import Settings
from listingsmith.datasets import read_dataset
from listingsmith.serving.launch import prepare_checkpoint
from listingsmith.serving.profiles import get_profile
from listingsmith.training.card import compose_card, data_files, write_card
from listingsmith.training.examples import draft_examples, extract_examples, voice_examples
from listingsmith.training.trainer import Example, train_adapter
from listingsmith.training.translation import translate_examples, translate_spec

BUILDERS = {"extract": extract_examples, "draft": draft_examples}
TASKS = (*BUILDERS, "translate", "voice")


def build_examples(
    task: str, paths: list[Path], settings: Settings
) -> tuple[list[Example], Counter[str]]:
    """The task's examples from its data files: product-data JSONL (extract, draft), a
    seller's catalogue JSONL of past listings (voice; bad records are reported and skipped), or
    parallel sentences and the taxonomy (translate)."""
    if task not in TASKS:
        raise ValueError(f"unknown training task {task!r}; available: {', '.join(TASKS)}")
    if task == "translate":
        return translate_examples(paths)
    examples: list[Example] = []
    skipped: Counter[str] = Counter()
    for path in paths:
        if task == "voice":
            products, errors = read_catalog(path, settings)
            skipped.update({f"bad record ({error})": 1 for error in errors})
            part, why = voice_examples(products, settings)
        else:
            part, why = BUILDERS[task](read_dataset(path), settings)
        examples += part
        skipped.update(why)
    return examples, skipped


def train_task(
    task: str,
    paths: list[Path],
    out: Path,
    settings: Settings,
    base: Path | None = None,
    device: str = "cpu",
    reviewed: Sequence[Example] = (),
) -> dict[str, Any]:
    """Train TASK's adapter into `out` (the embedded profile's checkpoint unless `base`) from its
    data files and `reviewed` examples (reviewers' translations), and write out/card.json;
    returns the card."""
    started = time.perf_counter()
    examples, skipped = build_examples(task, paths, settings) if paths else ([], Counter())
    if reviewed:
        examples += reviewed
        skipped["examples from reviews"] += len(reviewed)
    base = base or prepare_checkpoint(get_profile(settings.profile), settings)
    out.mkdir(parents=True, exist_ok=True)
    hp = settings.training
    result = train_adapter(base, examples, out, hp, device)
    card = compose_card(
        task,
        base,
        data_files(paths),
        len(examples),
        dict(skipped),
        hp.model_dump(exclude={"task_overrides"}),
        result,
        time.perf_counter() - started,
    )
    if task == "translate":
        card["credits"] = translate_spec()["credits"]
    write_card(out, card)
    return card
