"""The one eval entry point: dataset files + task -> metrics.json and report.html."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from evals.adequacy import evaluate_adequacy, read_fields
from evals.extract import evaluate_extract
from evals.extract_report import extract_groups, extract_sections
from evals.factcheck import evaluate as evaluate_factcheck
from evals.listing import evaluate_listing, listing_sections
from evals.localize import evaluate_localize
from evals.model_answers import ANSWERS_FILE, ModelAnswers
from evals.policies import evaluate_policies, policies_sections, read_cases
from evals.report import write_report
from evals.translate import evaluate_translate, read_parallel
from listingsmith.batch.seller import SellerProfile
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, read_dataset
from listingsmith.policies.packs import load_packs

Record = TypeVar("Record")
TASKS = ("extract", "factcheck", "localize", "listing", "adequacy", "translate", "policies")


@dataclass(frozen=True)
class EvalRequest:
    """What one eval run was asked for besides the records (`seller`: the profile that
    supplies what the records lack, for the tasks that run the graph)."""

    settings: Settings
    out_dir: Path
    locales: list[str]
    use_model: bool = True
    seller: SellerProfile | None = None
    # extract: the model answers of an earlier run (its OUT/model_answers.jsonl) to replay.
    model_answers: Path | None = None


def _factcheck(
    records_by_dataset: dict[str, list[GoldRecord]], request: EvalRequest
) -> dict[str, Any]:
    tolerance = request.settings.quantity_rel_tolerance
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
    records_by_dataset: dict[str, list[GoldRecord]], request: EvalRequest
) -> dict[str, Any]:
    records = [r for part in records_by_dataset.values() for r in part]
    result = evaluate_localize(
        records, request.locales, request.out_dir, request.settings, request.seller
    )
    return {**result, "groups": result["per_locale"]}


def _extract(
    records_by_dataset: dict[str, list[GoldRecord]], request: EvalRequest
) -> dict[str, Any]:
    answers = ModelAnswers(request.model_answers)
    metrics = evaluate_extract(records_by_dataset, request.settings, request.use_model, answers)
    if request.use_model:
        answers.write(request.out_dir / ANSWERS_FILE)
    return {**metrics, "groups": extract_groups(metrics)}


def _listing(
    records_by_dataset: dict[str, list[GoldRecord]], request: EvalRequest
) -> dict[str, Any]:
    result = evaluate_listing(
        records_by_dataset, request.locales, request.out_dir, request.settings, request.seller
    )
    return {**result, "groups": result["per_locale"]}


def _adequacy(records_by_dataset: dict[str, list[Any]], request: EvalRequest) -> dict[str, Any]:
    records = [r for part in records_by_dataset.values() for r in part]
    result = evaluate_adequacy(records, request.settings)
    return {**result, "groups": {**result["per_language"], "overall": result["overall"]}}


def _translate(
    records_by_dataset: dict[str, list[dict[str, Any]]], request: EvalRequest
) -> dict[str, Any]:
    records = [r for part in records_by_dataset.values() for r in part]
    result = evaluate_translate(records, request.locales, request.out_dir, request.settings)
    return {**result, "groups": result["per_locale"]}


def _policies(records_by_dataset: dict[str, list[Any]], request: EvalRequest) -> dict[str, Any]:
    known = {pack.pack for pack in load_packs()}
    return evaluate_policies(records_by_dataset, request.settings, known)


RUNNERS: dict[str, Callable[[dict[str, list[Any]], EvalRequest], dict[str, Any]]] = {
    "extract": _extract,
    "factcheck": _factcheck,
    "localize": _localize,
    "listing": _listing,
    "adequacy": _adequacy,
    "translate": _translate,
    "policies": _policies,
}
# How a task reads its dataset files: product data, labelled fields (adequacy), parallel text
# (translate) or labelled listing cases (policies).
READERS: dict[str, Callable[[Path, int | None], list[Any]]] = {
    "adequacy": read_fields,
    "translate": read_parallel,
    "policies": read_cases,
}
# Task-specific report sections (plots, worst cases) below the common table.
SECTIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "extract": extract_sections,
    "listing": listing_sections,
    "policies": policies_sections,
}


def sampled(records: list[Record], size: int | None, seed: int) -> list[Record]:
    """A seeded random sample of `size` records in file order (all of them without a size):
    the first records of a file are a few categories only."""
    if size is None or size >= len(records):
        return records
    chosen = sorted(random.Random(seed).sample(range(len(records)), size))
    return [records[i] for i in chosen]


def sampled_files(paths: list[Path], size: int | None, seed: int) -> dict[str, list[GoldRecord]]:
    """Each dataset file's seeded sample (`sampled`), by the file's stem."""
    return {p.stem: sampled(read_dataset(p), size, seed) for p in paths}


def run_eval(
    datasets: list[Path],
    task: str,
    out_dir: Path,
    limit: int | None,
    settings: Settings,
    locales: list[str] | None = None,
    use_model: bool = True,
    sample: int | None = None,
    seller: SellerProfile | None = None,
    model_answers: Path | None = None,
) -> dict[str, Any]:
    """Run `task` over the records of every dataset file: the first `limit`, or a seeded
    random `sample`, of each; `use_model` False keeps extraction to the deterministic
    extractors (and photo pixels); `seller` supplies what the records lack; `model_answers`
    (extract) replays an earlier run's model answers where they fit."""
    if task not in RUNNERS:
        raise ValueError(f"unknown eval task {task!r}; available: {', '.join(TASKS)}")
    started = time.perf_counter()
    seed = settings.eval_sample_seed
    records_by_dataset = {
        path.stem: sampled(READERS.get(task, read_dataset)(path, limit), sample, seed)
        for path in datasets
    }
    chosen = locales or settings.locales
    request = EvalRequest(settings, out_dir, chosen, use_model, seller, model_answers)
    metrics = {
        "task": task,
        **RUNNERS[task](records_by_dataset, request),
        "settings": {
            "records": sum(len(part) for part in records_by_dataset.values()),
            "limit": limit,
            "sample": sample,
            "sample_seed": settings.eval_sample_seed if sample else None,
            "locales": chosen,
            "use_model": use_model,
            "model_answers": model_answers.name if model_answers else None,
            "seller_profile": seller.fingerprint() if seller else None,
            "quantity_rel_tolerance": settings.quantity_rel_tolerance,
            "datasets": [p.name for p in datasets],
        },
        "seconds": round(time.perf_counter() - started, 2),
    }
    sections = SECTIONS[task](metrics) if task in SECTIONS else ""
    write_report(out_dir, f"listingsmith eval: {task}", metrics, sections)
    return metrics
