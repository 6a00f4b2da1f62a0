"""Model-written listing text shared by the draft and localize nodes (not a node itself)."""

from __future__ import annotations

import asyncio
import string
from collections.abc import Sequence
from typing import Any

from listingsmith.attributes.fusion import product_facts
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Finding, Product, draft_schema
from listingsmith.locale.glossary import mask, unmask
from listingsmith.locale.translation import adapter_prompt, translate_adapter
from listingsmith.prompts import load_prompt, prompt_hash
from listingsmith.prompts.framing import Framing, audience_instruction
from listingsmith.serving.client import ModelClient, ModelOutputError

DETAIL_CHARS = 300
PROMPT_PROBLEMS = 8
# Values read from the product's own text (patterns, the tagger, the model): the title and
# details say them.
TEXT_SOURCES = frozenset({"text", "text-tagger", "text-model"})


def facts_block(product: Product, attributes: list[Attribute]) -> str:
    """The product facts as the prompt's bullet list: title, details, then attributes (not the
    seller's legal data, which the policy packs state)."""
    lines = [f"- title: {product.title}"]
    if product.description:
        lines.append(f"- details: {_clip(product.description, DETAIL_CHARS)}")
    seen = set()
    legal = set(load_prompt("draft")["legal_attributes"])
    for attribute in product_facts(attributes):
        if attribute.source in TEXT_SOURCES or attribute.name.lower() in legal:
            continue
        key = (attribute.name, attribute.value)
        if key not in seen:
            seen.add(key)
            lines.append(f"- {attribute.name}: {attribute.value}")
    return "\n".join(lines)


def problems_text(findings: list[Finding]) -> str:
    """Open findings as one instruction line for a retry prompt: each message once, at most
    PROMPT_PROBLEMS of them, so the prompt plus the answer stay inside the model's context."""
    lines = dict.fromkeys(f"{f.field}: {f.message}" for f in findings if not f.fixed)
    return "; ".join(list(lines)[:PROMPT_PROBLEMS])


def draft_prompt(
    product: Product,
    attributes: list[Attribute],
    findings: list[Finding],
    framing: Framing | None = None,
) -> str:
    """The few-shot drafting prompt, with a variant's audience line and the previous attempt's
    problems when retrying."""
    spec = load_prompt("draft")
    instructions = ""
    if findings:
        instructions = string.Template(spec["instructions"]).substitute(
            problems=problems_text(findings)
        )
    return string.Template(spec["template"]).substitute(
        facts=facts_block(product, attributes),
        audience=audience_instruction(framing),
        instructions=instructions,
    )


def line_prompt(language: str, source: str) -> str:
    """The few-shot prompt that translates one English line into `language`."""
    spec = load_prompt("localize")
    if language not in spec["languages"]:
        raise ValueError(f"no translation prompt for language {language!r}")
    lang = spec["languages"][language]
    pairs = "\n".join(
        string.Template(spec["pair"]).substitute(english=en, name=lang["name"], translated=tr)
        for en, tr in zip(spec["english"], lang["pairs"], strict=True)
    )
    return string.Template(spec["template"]).substitute(
        pairs=pairs, source=" ".join(source.split()), name=lang["name"]
    )


def translation_prompt(language: str, source: str, model: str) -> str:
    """The prompt that translates one line for `model` (the served name the call goes to): the
    translate adapter's own short format, else the few-shot prompt the base model needs."""
    if model == translate_adapter():
        return adapter_prompt(language, source)
    return line_prompt(language, source)


async def translate_fields(
    client: ModelClient,
    settings: Settings,
    language: str,
    lines: dict[str, str],
    attempt: int,
    terms: list[str],
) -> tuple[dict[str, str], dict[str, Any]]:
    """Translate each named English line into `language`, all at once (the server batches them);
    each attempt uses its own seed. A line the model answers empty stays English: language ID
    flags it and it is translated again, while the other lines keep their translations."""
    base = settings.localize_sampling
    sampling = base.model_copy(update={"seed": base.seed + attempt - 1})
    names = [name for name, text in lines.items() if text.strip()]
    masked = {name: mask(lines[name], terms) for name in names}
    model = client.model_for("localize")
    prompts = {name: translation_prompt(language, masked[name][0], model) for name in names}
    results = await asyncio.gather(
        *(client.complete_line("localize", prompts[name], sampling) for name in names),
        return_exceptions=True,
    )
    text: dict[str, str] = {}
    answers = []
    for name, result in zip(names, results, strict=True):
        if isinstance(result, ModelOutputError):
            text[name] = lines[name]
        elif isinstance(result, BaseException):
            raise result
        else:
            answers.append(result)
            text[name] = unmask(result.text, masked[name][1])
    meta = {
        "model_id": client.model_id,
        "prompt_hash": prompt_hash("\n\n".join(prompts[n] for n in names)),
        "sampling": sampling.model_dump(),
        "fields_translated": names,
        "prompt_tokens": sum(a.prompt_tokens for a in answers),
        "completion_tokens": sum(a.completion_tokens for a in answers),
        "seconds": max((a.seconds for a in answers), default=0.0),
    }
    return text, meta


async def write_listing(
    client: ModelClient,
    settings: Settings,
    task: str,
    prompt: str,
    sampling_name: str,
    attempt: int,
    images: Sequence[str] = (),
    model: str | None = None,
    seed_offset: int = 0,
) -> tuple[Draft, dict[str, Any]]:
    """Ask the model for a Draft following the bounded schema; returns it and its call record.
    Each attempt uses its own seed, so a retry of the same prompt is a new sample. `images`
    (data URLs) are sent to a multimodal model with the prompt; `model` (a seller's voice
    adapter) overrides the task's model; `seed_offset` (a variant's) moves every seed."""
    schema = draft_schema(**settings.listing_limits.model_dump())
    base = getattr(settings, sampling_name)
    sampling = base.model_copy(update={"seed": base.seed + seed_offset + attempt - 1})
    answer = await client.complete_json(task, prompt, schema, sampling, images, model)
    try:
        draft = Draft(**answer.data)
    except (TypeError, ValueError) as error:
        raise ModelOutputError(
            f"{task}: answer does not fit the listing schema: {error}"
        ) from error
    meta = {
        "model_id": client.model_for(task, model),
        "prompt_hash": prompt_hash(prompt),
        "sampling": sampling.model_dump(),
        "images": len(images),
        "prompt_tokens": answer.prompt_tokens,
        "completion_tokens": answer.completion_tokens,
        "seconds": answer.seconds,
    }
    return draft, meta


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]
