"""Attribute extraction evaluation: each record's asked names (its dataset's protocol,
extract_protocols.yaml: its category's names, ExtractGPT's setting, or the record's annotated
ones) answered by the deterministic extractors, photo pixels and optionally the model."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import openai
from tqdm import tqdm

from evals.extract_metrics import CONVENTION, Pair, exact_match, outcome, reliability, score
from evals.model_answers import ModelAnswers
from listingsmith.attributes.closed import closed_attributes
from listingsmith.attributes.forms import in_preferred_forms
from listingsmith.attributes.fusion import MODEL_FIRST_RANK, fuse, source_rank
from listingsmith.attributes.model_extract import TASK, extraction_prompt, model_attributes
from listingsmith.attributes.named import kinds_of, named_attributes
from listingsmith.attributes.photo import pixel_attributes
from listingsmith.attributes.tagger import tagged_attributes
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, category_attribute_names
from listingsmith.domain import Attribute
from listingsmith.lexicons import load_data
from listingsmith.prompts import prompt_hash
from listingsmith.serving.client import ModelClient, ModelOutputError
from listingsmith.serving.connect import connect

PIXEL_KIND = "color"
WORST_ATTRIBUTES = 15
EXAMPLES_PER_ATTRIBUTE = 3


@dataclass
class RecordResult:
    """One record's chosen value per asked name, its time, and what went wrong."""

    record: GoldRecord
    names: list[str]
    chosen: dict[str, Attribute]
    seconds: float
    errors: list[str] = field(default_factory=list)


def choose(
    attributes: list[Attribute], names: list[str], category: str | None = None
) -> dict[str, Attribute]:
    """One value per asked name: fused candidates, each value read from the text in the form
    the category writes it (forms.yaml); a model-first name's grounded model value
    (fusion.yaml) first, then the most confident, then the source precedence (seller > text >
    text model > photo model > pixels)."""
    fused, _ = fuse(in_preferred_forms(attributes, category))
    chosen: dict[str, Attribute] = {}
    for name in names:
        options = [a for a in fused if a.name == name]
        if options:
            chosen[name] = min(options, key=_choice_order)
    return chosen


def _choice_order(attribute: Attribute) -> tuple[bool, float, float]:
    rank = source_rank(attribute)
    return rank != MODEL_FIRST_RANK, -attribute.confidence, rank


def photo_attributes(record: GoldRecord, names: list[str], settings: Settings) -> list[Attribute]:
    """Pixel colours of the record's photo, as each asked colour attribute."""
    if record.image is None:
        return []
    wanted = [n for n in names if PIXEL_KIND in kinds_of(n)]
    if not wanted:
        return []
    colours = pixel_attributes(record.image, settings, record.category)
    return [c.model_copy(update={"name": name}) for name in wanted for c in colours]


def protocol(record: GoldRecord) -> str:
    """How a record is asked (extract_protocols.yaml, by its id's dataset prefix, so a dataset's
    train and val files follow it too): "category" or "annotated"."""
    protocols = load_data(__package__, "extract_protocols.yaml")
    return protocols["datasets"].get(record.id.split(":", 1)[0], protocols["default"])


def names_by_record(records_by_dataset: dict[str, list[GoldRecord]]) -> dict[str, list[str]]:
    """Per record id, the names it is asked: those its category has in its dataset's gold
    (ExtractGPT's setting), or, where its dataset's protocol says so, its own annotated ones."""
    asked = {}
    for part in records_by_dataset.values():
        names = category_attribute_names(part)
        for r in part:
            asked[r.id] = sorted(r.gold) if protocol(r) == "annotated" else names[r.category]
    return asked


def _rules_only(record: GoldRecord, names: list[str], settings: Settings) -> RecordResult:
    """The deterministic extractors, the open-attribute tagger and the closed-set classifier on
    the text, plus pixel colours of the photo if any."""
    started = time.perf_counter()
    errors = []
    attributes = named_attributes(record.text, names, record.category)
    attributes += tagged_attributes(record.text, names, record.category)
    attributes += closed_attributes(record.text, record.category, names)
    try:
        attributes += photo_attributes(record, names, settings)
    except (OSError, ValueError) as error:  # a bad photo: the text still counts
        errors.append(f"{record.id}: image {record.image.name if record.image else ''}: {error}")
    return RecordResult(
        record,
        names,
        choose(attributes, names, record.category),
        time.perf_counter() - started,
        errors,
    )


def _prompt_hash(record: GoldRecord, names: list[str], settings: Settings) -> str:
    limits = settings.extraction_limits
    return prompt_hash(extraction_prompt(record.text, record.category, names, limits))


async def _ask_model(
    record: GoldRecord, names: list[str], client: ModelClient, settings: Settings
) -> tuple[list[Attribute], str | None, bool]:
    """The model's values, the error if any, and whether the answer is the model's own (an
    unparseable answer is; a failed connection is not, and is never kept for a replay)."""
    try:
        found = await model_attributes(
            client,
            record.text,
            record.category,
            names,
            settings.extract_sampling,
            settings.extraction_limits,
        )
    except ModelOutputError as error:  # the batch goes on
        return [], f"{record.id}: model: {error}", True
    except openai.APIError as error:
        return [], f"{record.id}: model: {error}", False
    return found, None, True


def _joined(result: RecordResult, found: list[Attribute], error: str | None) -> RecordResult:
    """The rules' chosen values and the model's answer, chosen again."""
    if error:
        result.errors.append(error)
    result.chosen = choose(
        list(result.chosen.values()) + found, result.names, result.record.category
    )
    return result


async def _with_model(
    record: GoldRecord,
    names: list[str],
    client: ModelClient,
    settings: Settings,
    slots: asyncio.Semaphore,
    answers: ModelAnswers,
) -> RecordResult:
    model = served_model(client)
    digest = _prompt_hash(record, names, settings)
    kept = answers.replay(record.id, digest, model)
    async with slots:
        started = time.perf_counter()
        result = _rules_only(record, names, settings)
        if kept is not None:
            found, seconds, error = kept
            result.seconds += seconds
            return _joined(result, found, error)
        found, error, answered = await _ask_model(record, names, client, settings)
        if answered:
            answers.keep(record.id, digest, model, found, time.perf_counter() - started, error)
        result = _joined(result, found, error)
        result.seconds = time.perf_counter() - started
        return result


async def _run_with_model(
    records: list[GoldRecord],
    asked: dict[str, list[str]],
    client: ModelClient,
    settings: Settings,
    answers: ModelAnswers | None = None,
) -> list[RecordResult]:
    answers = answers if answers is not None else ModelAnswers()
    slots = asyncio.Semaphore(settings.max_model_concurrency)
    tasks = [
        asyncio.ensure_future(_with_model(r, asked[r.id], client, settings, slots, answers))
        for r in records
    ]
    for task in tqdm(asyncio.as_completed(tasks), total=len(tasks), desc="extract (model)"):
        await task
    return [t.result() for t in tasks]


def served_model(client: ModelClient) -> str:
    """The model and the adapter that answer extraction ("gemma3-270m:extract")."""
    return f"{client.model_id}:{client.model_for(TASK)}"


def _replayed(
    records: list[GoldRecord],
    asked: dict[str, list[str]],
    settings: Settings,
    answers: ModelAnswers,
) -> list[RecordResult] | None:
    """Every record's result from kept answers of one served model, or None when a record has
    no kept answer (then the model is asked)."""
    models = answers.models()
    if len(models) != 1:
        return None
    (model,) = models
    results = []
    for record in tqdm(records, desc="extract (replayed answers)"):
        names = asked[record.id]
        kept = answers.replay(record.id, _prompt_hash(record, names, settings), model)
        if kept is None:
            return None
        found, seconds, error = kept
        result = _rules_only(record, names, settings)
        result.seconds += seconds
        results.append(_joined(result, found, error))
    return results


def extract_records(
    records_by_dataset: dict[str, list[GoldRecord]],
    settings: Settings,
    use_model: bool,
    answers: ModelAnswers | None = None,
) -> tuple[list[RecordResult], dict[str, Any]]:
    """Every record's chosen values; with the model, through a served endpoint, or from
    `answers` kept by an earlier run for the same records and prompts."""
    asked = names_by_record(records_by_dataset)
    records = [r for part in records_by_dataset.values() for r in part]
    if not use_model:
        results = [
            _rules_only(r, asked[r.id], settings) for r in tqdm(records, desc="extract (rules)")
        ]
        return results, {"model": None, "model_calls": 0}
    answers = answers if answers is not None else ModelAnswers()
    replayed = _replayed(records, asked, settings, answers)
    if replayed is not None:
        (served,) = answers.models()
        model, _, adapter = served.partition(":")
        usage = {"model": model, "adapter": adapter, "model_calls": len(records)}
        return replayed, {**usage, "replayed": True}
    with connect(settings) as client:
        results = asyncio.run(_run_with_model(records, asked, client, settings, answers))
    usage = client.usage
    return results, {
        "model": client.model_id,
        "adapter": client.model_for(TASK),
        "model_calls": usage.calls,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "server_startup_seconds": client.endpoint.startup_seconds if client.endpoint else None,
        "replayed": False,
    }


def pairs_of(results: list[RecordResult]) -> list[Pair]:
    """Every (record, asked name) pair with its gold forms and prediction."""
    return [
        Pair(
            r.record.dataset,
            r.record.id,
            r.record.category,
            name,
            tuple(r.record.gold.get(name, [])),
            r.chosen[name].value if name in r.chosen else None,
        )
        for r in results
        for name in r.names
    ]


def _latency(results: list[RecordResult]) -> dict[str, float]:
    seconds = sorted(r.seconds for r in results) or [0.0]
    return {
        "mean_ms": round(1000 * statistics.fmean(seconds), 2),
        "p50_ms": round(1000 * seconds[len(seconds) // 2], 2),
        "p95_ms": round(1000 * seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))], 2),
    }


def examples(results: list[RecordResult], key: str, limit: int) -> list[dict[str, Any]]:
    """Records where attribute `key` (dataset:name) was wrong or missed: gold vs predicted."""
    dataset, name = key.split(":", 1)
    wrong = []
    for r in results:
        if r.record.dataset != dataset or name not in r.names:
            continue
        gold = r.record.gold.get(name, [])
        chosen = r.chosen.get(name)
        predicted = chosen.value if chosen else None
        pair = Pair(dataset, r.record.id, r.record.category, name, tuple(gold), predicted)
        if outcome(pair, exact_match) in ("NV", "VN", "VW"):
            wrong.append(
                {
                    "record": r.record.id,
                    "title": r.record.title[:160],
                    "gold": gold,
                    "predicted": predicted,
                    "source": chosen.source if chosen else None,
                    "evidence": chosen.evidence if chosen else None,
                }
            )
    return wrong[:limit]


def calibration(results: list[RecordResult]) -> dict[str, Any]:
    """Reliability of the chosen values' confidence where the gold has a value (right: an exact
    match), over all values and per source."""
    scored: dict[str, list[tuple[float, bool]]] = {}
    for r in results:
        for name, chosen in r.chosen.items():
            gold = [g for g in r.record.gold.get(name, []) if g.strip()]
            if gold:
                item = (chosen.confidence, exact_match(chosen.value, gold))
                scored.setdefault("all", []).append(item)
                scored.setdefault(chosen.source, []).append(item)
    return {source: reliability(items) for source, items in sorted(scored.items())}


def evaluate_extract(
    records_by_dataset: dict[str, list[GoldRecord]],
    settings: Settings,
    use_model: bool,
    answers: ModelAnswers | None = None,
) -> dict[str, Any]:
    """Scores (overall, per dataset, per attribute), latency, model calls, worst attributes.
    With the model, `answers` replays kept answers and gathers the new ones."""
    results, usage = extract_records(records_by_dataset, settings, use_model, answers)
    metrics = score(pairs_of(results))
    records = len(results) or 1
    ranked = sorted(
        (k for k, v in metrics["per_attribute"].items() if v["pairs"] > v["counts"]["NN"]),
        key=lambda k: (metrics["per_attribute"][k]["f1"], -metrics["per_attribute"][k]["pairs"]),
    )
    return {
        **metrics,
        "convention": " ".join(CONVENTION.split()),
        "latency_per_record": _latency(results),
        "model_calls_per_record": round(usage["model_calls"] / records, 3),
        "usage": usage,
        "records_with_photo": sum(1 for r in results if r.record.image is not None),
        "values_by_source": dict(Counter(a.source for r in results for a in r.chosen.values())),
        "calibration": calibration(results),
        "record_errors": [e for r in results for e in r.errors][:200],
        "worst_attributes": [
            {
                "attribute": k,
                **metrics["per_attribute"][k],
                "examples": examples(results, k, EXAMPLES_PER_ATTRIBUTE),
            }
            for k in ranked[:WORST_ATTRIBUTES]
        ],
    }
