"""Assisted writing's proposals: one field rewritten as a reviewer asks, by data where data can
do it ("shorter" on bullets and keywords) and otherwise by the model, then checked like any
listing; a proposal is returned with its findings, never applied."""

import re
from string import Template
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from listingsmith.api.assist import CheckRequest, RequestError, assist_findings, bound
from listingsmith.batch.policy_lines import ListingText
from listingsmith.config import Settings
from listingsmith.domain import Finding, Product, Severity
from listingsmith.prompts import load_prompt
from listingsmith.prompts.audience import parse_audiences
from listingsmith.serving.client import ModelClient
from listingsmith.text.languages import language_of
from listingsmith.text.markets import marketplace_id, region_locale

FIELD = re.compile(r"^(title|description|keywords|bullets\[(\d{1,3})\])$")


def _field(name: str) -> str:
    if not FIELD.match(name):
        raise ValueError("use title, description, keywords or bullets[N]")
    return name


def _audience(name: str | None) -> str | None:
    return None if name is None else parse_audiences(name)[0].name


class SuggestRequest(BaseModel):
    """One field to rewrite, how, for whom, and the listing it belongs to."""

    model_config = ConfigDict(extra="forbid")

    locale: Annotated[str, AfterValidator(region_locale)]
    marketplace: Annotated[str, AfterValidator(marketplace_id)]
    field: Annotated[str, AfterValidator(_field)]
    text: str
    instruction: str = Field(min_length=1)
    listing: ListingText | None = None
    audience: Annotated[str | None, AfterValidator(_audience)] = None
    sku: str | None = Field(default=None, max_length=200)
    facts: dict[str, Any] = {}


def parse_suggest(body: Any, settings: Settings) -> tuple[SuggestRequest, CheckRequest]:
    """The request and the listing with the field's current text, or a one-line RequestError
    naming the first bad field."""
    try:
        request = SuggestRequest.model_validate(body)
    except ValidationError as invalid:
        first = invalid.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise RequestError(f"{field}: {first['msg'].removeprefix('Value error, ')}") from None
    limit = settings.suggest_instruction_chars
    if len(request.instruction) > limit:
        raise RequestError(f"instruction: longer than {limit} characters")
    if len(request.text) > settings.input_limits.field_chars:
        raise RequestError(f"text: longer than {settings.input_limits.field_chars} characters")
    listing = with_field(request.listing or ListingText(title=""), request.field, request.text)
    check = CheckRequest(
        locale=request.locale,
        marketplace=request.marketplace,
        listing=listing,
        sku=request.sku,
        facts=request.facts,
    )
    bound(check, settings.input_limits)
    return request, check


def with_field(listing: ListingText, field: str, text: str) -> ListingText:
    """The listing with `field` set to `text` (a bullet past the end is appended)."""
    match = FIELD.match(field)
    assert match is not None  # validated by SuggestRequest
    if match.group(2) is not None:
        bullets = list(listing.bullets)
        index = int(match.group(2))
        bullets[index : index + 1] = [text]
        return listing.model_copy(update={"bullets": bullets})
    if field == "keywords":
        words = [w.strip() for w in text.split(",") if w.strip()]
        return listing.model_copy(update={"keywords": words})
    return listing.model_copy(update={field: text})


def by_data(field: str, text: str, instruction: str) -> str | None:
    """The rewrite when data can do it ("shorter" on a bullet or the keywords), else None."""
    if instruction != "shorter":
        return None
    prompt = load_prompt("suggest")
    if field == "keywords":
        words = list(dict.fromkeys(w.strip() for w in text.split(",") if w.strip()))
        if len(words) == len([w for w in text.split(",") if w.strip()]):
            words = words[: max(1, (len(words) + 1) // 2)]
        return ", ".join(words)
    if field.startswith("bullets["):
        for cut in sorted(text.find(b) for b in prompt["clause_breaks"] if b in text):
            if len(text[:cut].split()) >= prompt["min_words"]:
                return text[:cut].rstrip()
    return None


def suggest_prompt(request: SuggestRequest) -> str:
    """The model's prompt for the request: instructions and worked examples first (a shared
    prefix), then the request's block."""
    prompt = load_prompt("suggest")
    audience = ""
    if request.audience is not None:
        chosen = parse_audiences(request.audience)[0]
        audience = Template(prompt["audience"]).substitute(shopper=chosen.shopper, tone=chosen.tone)
    examples = [
        _block(prompt, d["field"], d["language"], "", d["instruction"], d["text"])
        + f" {d['rewritten']}"
        for d in prompt["demonstrations"]
    ]
    asked = _block(
        prompt,
        request.field.split("[")[0],
        language_of(request.locale),
        audience,
        request.instruction,
        request.text,
    )
    return "\n\n".join([prompt["instructions"], *examples, asked])


def _block(
    prompt: dict[str, Any], field: str, language: str, audience: str, instruction: str, text: str
) -> str:
    block = Template(prompt["block"]).substitute(
        field=field,
        language=language,
        audience=audience,
        instruction=prompt["named"].get(instruction, instruction),
        text=" ".join(text.split()),
    )
    return "\n".join(line for line in block.splitlines() if line)


async def propose(
    request: SuggestRequest,
    check: CheckRequest,
    settings: Settings,
    client: ModelClient,
    product: Product | None = None,
) -> dict[str, Any]:
    """The proposal, who wrote it (data or model), its findings on the field (fact-checked
    against `product` when there is one) and whether it is clean (no block or fix finding);
    the proposal is never applied here."""
    proposal = by_data(request.field, request.text, request.instruction)
    source = "data"
    if proposal is None:
        answer = await client.complete_line(
            "suggest", suggest_prompt(request), settings.suggest_sampling
        )
        proposal, source = answer.text, "model"
    listing = with_field(check.listing, request.field, proposal)
    findings = [
        f
        for f in assist_findings(check.model_copy(update={"listing": listing}), settings, product)
        if f.field == request.field or f.field.startswith(f"{request.field}[")
    ]
    return {
        "field": request.field,
        "proposal": proposal,
        "source": source,
        "findings": [f.model_dump(mode="json") for f in findings],
        "clean": not any(_open(f) for f in findings),
    }


def _open(finding: Finding) -> bool:
    return finding.severity in (Severity.BLOCK, Severity.FIX)
