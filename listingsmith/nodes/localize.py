"""localize: one locale's listing: the pivot draft translated, or rewritten after findings."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.domain import Attribute, Draft, Finding, Product, Severity
from listingsmith.locale.tags import language_of
from listingsmith.nodes.deps import Deps, timed
from listingsmith.nodes.writing import draft_prompt, localize_prompt, write_listing
from listingsmith.serving.client import ModelOutputError
from listingsmith.state import LocaleState


@timed("localize")
async def localize(state: LocaleState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """First pass in the pivot language copies the draft; every other pass asks the model,
    with the open findings of the previous review as instructions."""
    settings, client = runtime.context.settings, runtime.context.client
    attempt = state.get("attempts", 0) + 1
    pivot = Draft(**state["draft"])
    findings = [Finding(**f) for f in state.get("findings", [])]
    language = language_of(state["locale"])
    if language == settings.pivot_language and attempt == 1:
        return {
            "listing": pivot.model_dump(mode="json"),
            "attempts": attempt,
            "meta": state["draft_meta"],
        }
    if language == settings.pivot_language:
        product = Product(**state["product"])
        attributes = [Attribute(**a) for a in state["attributes"]]
        prompt = draft_prompt(product, attributes, findings)
        task, sampling = "rewrite", "draft_sampling"
    else:
        prompt = localize_prompt(language, pivot, findings)
        task, sampling = "localize", "localize_sampling"
    try:
        listing, meta = await write_listing(client, settings, task, prompt, sampling, attempt)
    except ModelOutputError as error:
        failure = Finding(
            rule_id="model.output",
            severity=Severity.FIX,
            locale=state["locale"],
            field="*",
            message=str(error),
            suggested_fix="rewrite",
        )
        return {
            "listing": None,
            "attempts": attempt,
            "findings": [failure.model_dump(mode="json")],
            "history": [failure.model_dump(mode="json")],
        }
    return {"listing": listing.model_dump(mode="json"), "attempts": attempt, "meta": meta}
