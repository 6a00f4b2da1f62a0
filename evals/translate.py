"""Translation evaluation: the English line of each record of a parallel JSONL translated into
each locale as the localize node does it (protected terms masked, the prompt the served model
speaks), scored with chrF, language ID, kept numbers and kept protected terms."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import sacrebleu

from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.locale.glossary import mask, protected_terms, unmask
from listingsmith.locale.langid import identify
from listingsmith.nodes.writing import translation_prompt
from listingsmith.serving.client import ModelClient, ModelOutputError
from listingsmith.serving.connect import connect
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import normalize, parse_number

# The model-call task translations belong to (its adapter map decides the served model).
TRANSLATE_TASK = "localize"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")


def read_parallel(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The records of a parallel JSONL (an `en` line and target-language keys), the first
    `limit`; a record without `en` is a one-line error naming it."""
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("en"), str):
                raise ValueError(f"{path.name}:{number}: record has no English line (field en)")
            records.append(record)
            if limit is not None and len(records) >= limit:
                break
    return records


def reference_of(record: dict[str, Any], locale: str) -> str | None:
    """The record's reference for `locale`: keyed by the locale (zh-CN) or its language (de)."""
    text = record.get(locale) or record.get(language_of(locale))
    return text if isinstance(text, str) and text.strip() else None


def numbers_in(text: str) -> list[set[float]]:
    """The numbers written in a text, each as the values it can mean: 1,000 is 1000; 1.000 is
    1.0 or, as German and Spanish group thousands, 1000 (full-width digits too)."""
    found = []
    for match in NUMBER.finditer(normalize(text)):
        surface = match.group()
        try:
            values = {parse_number(surface)}
        except ValueError:  # a version such as 5.23.5
            continue
        if DOT_GROUPED.fullmatch(surface):
            values.add(float(surface.replace(".", "")))
        found.append(values)
    return found


def numbers_kept(source: str, translation: str) -> bool | None:
    """Whether every number of the source is in the translation; None when it has none."""
    wanted, written = numbers_in(source), numbers_in(translation)
    if not wanted:
        return None
    return all(any(values & other for other in written) for values in wanted)


def terms_kept(terms: list[str], translation: str) -> bool | None:
    """Whether every protected term is in the translation as written; None without terms."""
    return all(term in translation for term in terms) if terms else None


async def translate_line(
    client: ModelClient, settings: Settings, language: str, english: str, terms: list[str]
) -> str:
    """One line as the localize node translates it; an empty answer is an empty translation."""
    masked, mapping = mask(english, terms)
    prompt = translation_prompt(language, masked, client.model_for(TRANSLATE_TASK))
    try:
        answer = await client.complete_line(TRANSLATE_TASK, prompt, settings.localize_sampling)
    except ModelOutputError:
        return ""
    return unmask(answer.text, mapping)


async def translate_all(
    client: ModelClient, settings: Settings, records: list[dict[str, Any]], locales: list[str]
) -> list[dict[str, Any]]:
    """Every record's English line into every locale that has a reference, all at once (the
    client bounds the concurrency, the server batches)."""
    jobs = []
    for record in records:
        terms = protected_terms(Product(sku=str(record.get("id", "")), title=record["en"]))
        for locale in locales:
            reference = reference_of(record, locale)
            if reference is not None:
                jobs.append((record, locale, reference, terms))
    outputs = await asyncio.gather(
        *(
            translate_line(client, settings, language_of(loc), rec["en"], terms)
            for rec, loc, _, terms in jobs
        )
    )
    return [
        {
            "id": record.get("id"),
            "locale": locale,
            "en": record["en"],
            "reference": reference,
            "translation": output,
            "terms": terms,
        }
        for (record, locale, reference, terms), output in zip(jobs, outputs, strict=True)
    ]


def share(values: list[bool | None]) -> float | None:
    """The share of True among the values that are not None (None when there are none)."""
    counted = [v for v in values if v is not None]
    return round(sum(counted) / len(counted), 4) if counted else None


def translate_metrics(rows: list[dict[str, Any]], arm: str) -> dict[str, dict[str, Any]]:
    """Per locale: corpus chrF (0-100) against the references, and the shares passing language
    ID, keeping every number and keeping every protected term of the source."""
    per_locale = {}
    for locale in sorted({row["locale"] for row in rows}):
        mine = [row for row in rows if row["locale"] == locale]
        hypotheses = [row["translation"] for row in mine]
        chrf = sacrebleu.corpus_chrf(hypotheses, [[row["reference"] for row in mine]])
        expected = language_of(locale)
        per_locale[locale] = {
            "chrf": round(chrf.score, 2),
            "langid_pass": share(
                [bool(h.strip()) and identify(h).language == expected for h in hypotheses]
            ),
            "numbers_kept": share([numbers_kept(r["en"], r["translation"]) for r in mine]),
            "protected_terms_kept": share([terms_kept(r["terms"], r["translation"]) for r in mine]),
            "lines": len(mine),
            "lines_with_numbers": sum(bool(numbers_in(r["en"])) for r in mine),
            "lines_with_terms": sum(bool(r["terms"]) for r in mine),
            "arm": arm,
        }
    return per_locale


def evaluate_translate(
    records: list[dict[str, Any]], locales: list[str], out_dir: Path, settings: Settings
) -> dict[str, Any]:
    """Translate the records into the locales (embedded model unless settings name a server),
    write OUT/translations.jsonl and return the per-locale metrics."""
    with connect(settings) as client:
        rows = asyncio.run(translate_all(client, settings, records, locales))
        served = client.model_for(TRANSLATE_TASK)
        arm = "base" if served == client.model_id else served
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "translations.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {
        "per_locale": translate_metrics(rows, arm),
        "model": served,
        "arm": arm,
        "model_usage": {
            "calls": client.usage.calls,
            "prompt_tokens": client.usage.prompt_tokens,
            "completion_tokens": client.usage.completion_tokens,
        },
    }
