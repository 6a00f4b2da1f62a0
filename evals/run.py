"""The one eval entry point: dataset files + task -> metrics.json and report.html."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from evals.datasets import GoldRecord, read_dataset
from evals.factcheck import evaluate as evaluate_factcheck
from evals.localize import evaluate_localize
from evals.report import write_report
from listingsmith.config import Settings

TASKS = ("factcheck", "localize")


def _factcheck(
    records_by_dataset: dict[str, list[GoldRecord]],
    settings: Settings,
    out_dir: Path,
    locales: list[str],
) -> dict[str, Any]:
    tolerance = settings.quantity_rel_tolerance
    records = [r for part in records_by_dataset.values() for r in part]
    metrics = evaluate_factcheck(records, tolerance)
    overall = metrics["groups"]["overall"]
    return {
        "recall": overall["recall"],
        "false_alarm_rate": overall["false_alarm_rate"],
        **metrics,
        "datasets": {
            name: evaluate_factcheck(part, tolerance)["groups"]
            for name, part in records_by_dataset.items()
        },
    }


def _localize(
    records_by_dataset: dict[str, list[GoldRecord]],
    settings: Settings,
    out_dir: Path,
    locales: list[str],
) -> dict[str, Any]:
    records = [r for part in records_by_dataset.values() for r in part]
    result = evaluate_localize(records, locales, out_dir, settings)
    return {**result, "groups": result["per_locale"]}


RUNNERS = {"factcheck": _factcheck, "localize": _localize}


def run_eval(
    datasets: list[Path],
    task: str,
    out_dir: Path,
    limit: int | None,
    settings: Settings,
    locales: list[str] | None = None,
) -> dict[str, Any]:
    """Run `task` over the records of every dataset file (at most `limit` from each)."""
    if task not in RUNNERS:
        raise ValueError(f"unknown eval task {task!r}; available: {', '.join(TASKS)}")
    started = time.perf_counter()
    records_by_dataset = {path.stem: read_dataset(path, limit) for path in datasets}
    chosen = locales or settings.locales
    metrics = {
        "task": task,
        **RUNNERS[task](records_by_dataset, settings, out_dir, chosen),
        "settings": {
            "records": sum(len(part) for part in records_by_dataset.values()),
            "limit": limit,
            "locales": chosen,
            "quantity_rel_tolerance": settings.quantity_rel_tolerance,
            "datasets": [p.name for p in datasets],
        },
        "seconds": round(time.perf_counter() - started, 2),
    }
    write_report(out_dir, f"listingsmith eval: {task}", metrics)
    return metrics
