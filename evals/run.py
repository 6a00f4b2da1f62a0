"""The one eval entry point: dataset files + task -> metrics.json and report.html."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from evals.datasets import read_dataset
from evals.factcheck import evaluate as evaluate_factcheck
from evals.report import write_report
from listingsmith.config import Settings

TASKS = ("factcheck",)


def run_eval(
    datasets: list[Path], task: str, out_dir: Path, limit: int | None, settings: Settings
) -> dict[str, Any]:
    """Run `task` over the records of every dataset file; per dataset and over all of them."""
    if task not in TASKS:
        raise ValueError(f"unknown eval task {task!r}; available: {', '.join(TASKS)}")
    started = time.perf_counter()
    per_dataset = {}
    records = []
    for path in datasets:
        part = read_dataset(path, limit)
        records += part
        per_dataset[path.stem] = evaluate_factcheck(part, settings.quantity_rel_tolerance)["groups"]
    metrics = evaluate_factcheck(records, settings.quantity_rel_tolerance)
    overall = metrics["groups"]["overall"]
    metrics = {
        "task": task,
        "recall": overall["recall"],
        "false_alarm_rate": overall["false_alarm_rate"],
        **metrics,
        "datasets": per_dataset,
        "settings": {
            "records": len(records),
            "limit": limit,
            "quantity_rel_tolerance": settings.quantity_rel_tolerance,
            "datasets": [p.name for p in datasets],
        },
        "seconds": round(time.perf_counter() - started, 2),
    }
    write_report(out_dir, f"listingsmith eval: {task}", metrics)
    return metrics
