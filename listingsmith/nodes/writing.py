"""Model-written listing text shared by the draft and localize nodes (not a node itself)."""

from __future__ import annotations

import json
import string
from typing import Any

from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Finding, Product, draft_schema
from listingsmith.nodes.prompts import load_prompt, prompt_hash
from listingsmith.serving.client import ModelClient, ModelOutputError

DETAIL_CHARS = 300


def facts_block(product: Product, attributes: list[Attribute]) -> str:
    """The product facts as the prompt's bullet list: title, details, then attributes."""
    lines = [f"- title: {product.title}"]
    if product.description:
        lines.append(f"- details: {_clip(product.description, DETAIL_CHARS)}")
    seen = set()
    for attribute in attributes:
        if attribute.source == "text":
            continue
        key = (attribute.name, attribute.value)
        if key not in seen:
            seen.add(key)
            lines.append(f"- {attribute.name}: {attribute.value}")
    return "\n".join(lines)


def problems_text(findings: list[Finding]) -> str:
    """Open findings as one instruction line for a retry prompt."""
    return "; ".join(f"{f.field}: {f.message}" for f in findings if not f.fixed)


def draft_prompt(product: Product, attributes: list[Attribute], findings: list[Finding]) -> str:
    """The few-shot drafting prompt, with the previous attempt's problems when retrying."""
    spec = load_prompt("draft")
    instructions = ""
    if findings:
        instructions = string.Template(spec["instructions"]).substitute(
            problems=problems_text(findings)
        )
    return string.Template(spec["template"]).substitute(
        facts=facts_block(product, attributes), instructions=instructions
    )


def localize_prompt(language: str, source: Draft, findings: list[Finding]) -> str:
    """The few-shot translation prompt into `language` (an ISO 639-1 code with an example)."""
    spec = load_prompt("localize")
    if language not in spec["languages"]:
        raise ValueError(f"no translation prompt for language {language!r}")
    lang = spec["languages"][language]
    instructions = ""
    if findings:
        instructions = string.Template(spec["instructions"]).substitute(
            problems=problems_text(findings)
        )
    return string.Template(spec["template"]).substitute(
        language=lang["name"],
        example=lang["example"],
        source=json.dumps(source.model_dump(), ensure_ascii=False, separators=(",", ":")),
        instructions=instructions,
    )


async def write_listing(
    client: ModelClient,
    settings: Settings,
    task: str,
    prompt: str,
    sampling_name: str,
    attempt: int,
) -> tuple[Draft, dict[str, Any]]:
    """Ask the model for a Draft following the bounded schema; returns it and its call record.
    Each attempt uses its own seed, so a retry of the same prompt is a new sample."""
    schema = draft_schema(**settings.listing_limits.model_dump())
    base = getattr(settings, sampling_name)
    sampling = base.model_copy(update={"seed": base.seed + attempt - 1})
    answer = await client.complete_json(task, prompt, schema, sampling)
    try:
        draft = Draft(**answer.data)
    except (TypeError, ValueError) as error:
        raise ModelOutputError(
            f"{task}: answer does not fit the listing schema: {error}"
        ) from error
    meta = {
        "model_id": client.model_id,
        "prompt_hash": prompt_hash(prompt),
        "sampling": sampling.model_dump(),
        "prompt_tokens": answer.prompt_tokens,
        "completion_tokens": answer.completion_tokens,
        "seconds": answer.seconds,
    }
    return draft, meta


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]
