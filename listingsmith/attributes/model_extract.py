"""Attributes extracted by the model from a product's text, one JSON key per attribute name."""

from __future__ import annotations

import json
import re
import string
import textwrap
from typing import Any

from listingsmith.attributes.value_sets import value_set
from listingsmith.config import ExtractionLimits, Sampling, Settings
from listingsmith.domain import Attribute, Product
from listingsmith.lexicons import load, load_extra
from listingsmith.prompts import load_prompt
from listingsmith.serving.client import ModelClient
from listingsmith.serving.retries import resample, resampling
from listingsmith.text.quantities import normalize

SOURCE = "text-model"
TASK = "extract"
DEFAULT_RETRIES: int = Settings.model_fields["model_output_retries"].default


def category_names(category: str | None) -> list[str]:
    """The attribute names asked for in `category` (lexicons/category_attributes.yaml): matched
    exactly, then ignoring case; the default names when the category is unknown."""
    table = load("category_attributes")
    if category:
        folded = {key.casefold(): names for key, names in table.items()}
        names = table.get(category) or folded.get(category.casefold())
        if names:
            return list(names)
    return list(load_extra("category_attributes", "default"))


def product_text(product: Product) -> str:
    """Title, bullets and description as one text, a sentence each."""
    parts = [product.title, *product.bullets, product.description]
    return ". ".join(p.strip().rstrip(".") for p in parts if p.strip())


def answer_text(values: dict[str, str | None]) -> str:
    """An answer as the grammar writes it: compact JSON in the order of the names."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _block(category: str | None, text: str, names: list[str], answer: str) -> str:
    spec = load_prompt("extract")
    return string.Template(spec["block"]).substitute(
        category=category or spec["unknown_category"],
        text=text,
        names="; ".join(names),
        answer=answer,
    )


def extraction_prompt(
    text: str, category: str | None, names: list[str], limits: ExtractionLimits | None = None
) -> str:
    """The few-shot completion prompt: instructions and train-split examples (identical for
    every record), then the record's category, text (one line, clipped) and attribute names."""
    limits = limits or ExtractionLimits()
    spec = load_prompt("extract")
    examples = [
        _block(e["category"], e["text"], list(e["answer"]), answer_text(e["answer"]))
        for e in spec["examples"]
    ]
    clipped = textwrap.shorten(text, limits.text_chars, placeholder="")
    record = _block(category, clipped, _unique(names), "")
    return "\n\n".join([spec["instructions"], *examples, record])


def extraction_schema(
    names: list[str], limits: ExtractionLimits | None = None, category: str | None = None
) -> dict[str, Any]:
    """JSON schema: exactly `names` as keys, all required, each null or a value: one of the
    name's closed set in `category` (value_sets.yaml) where it has one, else a short string."""
    limits = limits or ExtractionLimits()
    free = {"type": "string", "minLength": 1, "maxLength": limits.value_chars}

    def value(name: str) -> dict[str, Any]:
        allowed = value_set(category, name)
        return {"anyOf": [{"enum": list(allowed)} if allowed else free, {"type": "null"}]}

    names = _unique(names)
    return {
        "type": "object",
        "properties": {name: value(name) for name in names},
        "required": names,
        "additionalProperties": False,
    }


def answer_attributes(
    data: dict[str, Any], text: str, names: list[str], limits: ExtractionLimits | None = None
) -> list[Attribute]:
    """The answer's values as attributes: "not stated" values dropped; a value found in the
    text keeps that span as evidence and the higher confidence, others the low one."""
    limits = limits or ExtractionLimits()
    nulls = set(load_prompt("extract")["null_values"])
    found = []
    for name in _unique(names):
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        value = " ".join(str(value).split())
        if value.lower().strip(" .") in nulls:
            continue
        evidence = find_evidence(value, text)
        found.append(
            Attribute(
                name=name,
                value=value,
                source=SOURCE,
                evidence=evidence,
                confidence=(
                    limits.grounded_confidence if evidence else limits.ungrounded_confidence
                ),
            )
        )
    return found


def find_evidence(value: str, text: str) -> str | None:
    """Where `value` is written in `text`, ignoring case and spaces (NFKC), whole words only."""
    chars = [re.escape(c) for c in normalize(value) if not c.isspace()]
    if not chars:
        return None
    pattern = r"\s*".join(chars)
    if re.match(r"\w", chars[0]):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", chars[-1]):
        pattern += r"(?!\w)"
    match = re.search(pattern, normalize(text), re.IGNORECASE)
    return match.group() if match else None


async def model_attributes(
    client: ModelClient,
    text: str,
    category: str | None,
    names: list[str],
    sampling: Sampling,
    limits: ExtractionLimits | None = None,
    retries: int = DEFAULT_RETRIES,
) -> list[Attribute]:
    """One structured-output call for `names`; an unparseable answer is sampled again (a new
    seed, at least limits.retry_temperature) up to `retries` times."""
    limits = limits or ExtractionLimits()
    names = _unique(names)
    if not names:
        return []
    prompt = extraction_prompt(text, category, names, limits)
    schema = extraction_schema(names, limits, category)

    async def ask(attempt: int) -> dict[str, Any]:
        tried = resampling(sampling, attempt, limits.retry_temperature)
        return (await client.complete_json(TASK, prompt, schema, tried)).data

    return answer_attributes(await resample(retries, ask), text, names, limits)


def _unique(names: list[str]) -> list[str]:
    """Names in order, each once, blank ones dropped."""
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))
