"""DIR/card.json: what an adapter was trained on, how, and how well, on which machine."""

from __future__ import annotations

import gzip
import json
import os
import platform
from pathlib import Path
from typing import Any

CARD = "card.json"


def machine() -> dict[str, Any]:
    """The machine a run used: processor, cores, threads, accelerator and library versions."""
    import peft
    import torch
    import transformers

    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "device": device,
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "peft": peft.__version__,
    }


def data_files(paths: list[Path]) -> list[dict[str, Any]]:
    """Each data file (JSONL, gzip-compressed or not) by name with its size in bytes and
    records."""
    return [
        {"file": path.name, "bytes": path.stat().st_size, "records": _records(path)}
        for path in paths
    ]


def _records(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return sum(1 for line in lines if line.strip())


def compose_card(
    task: str,
    base: Path,
    data: list[dict[str, Any]],
    built: int,
    skipped: dict[str, int],
    hyper_parameters: dict[str, Any],
    result: dict[str, Any],
    wall_seconds: float,
) -> dict[str, Any]:
    """The card's body: data, sizes, hyper-parameters, validation scores, time, machine."""
    return {
        "task": task,
        "base_model": base.name,
        "data": data,
        "examples_built": built,
        "skipped": skipped,
        "hyper_parameters": hyper_parameters,
        **result,
        "wall_seconds": round(wall_seconds, 1),
        "machine": machine(),
    }


def write_card(out: Path, card: dict[str, Any]) -> Path:
    """Write the card beside the adapter's files."""
    path = out / CARD
    path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
