"""localize: one locale's listing: the pivot draft translated, or rewritten after findings."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import content_hash
from listingsmith.domain import Finding, Severity
from listingsmith.locale.conventions import localize_draft
from listingsmith.locale.glossary import protected_terms
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.nodes.writing import draft_prompt, translate_listing, write_listing
from listingsmith.serving.client import ModelOutputError
from listingsmith.state import (
    LocaleState,
    attributes_of,
    dumps,
    findings_of,
    listing_of,
    pivot_of,
    product_of,
)
from listingsmith.text.languages import language_of


def output_failed(locale: str, error: str, attempt: int) -> dict[str, Any]:
    """The update of an attempt whose model output was unusable: no listing, and a finding
    that sends it back to the model (or to a person when attempts run out)."""
    failure = Finding(
        rule_id="model.output",
        severity=Severity.FIX,
        locale=locale,
        field="*",
        message=error,
        fix="rewrite",
    )
    return {
        "listing": None,
        "attempts": attempt,
        "findings": dumps([failure]),
        "history": dumps([failure]),
    }


@timed("localize")
async def localize(state: LocaleState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """First pass in the pivot language copies the draft; a retry there redrafts with the open
    findings as instructions. Other languages are translated field by field; a retry translates
    again only the fields with open findings."""
    settings, client = deps_of(runtime).settings, deps_of(runtime).client
    attempt = state.get("attempts", 0) + 1
    pivot = pivot_of(state)
    findings = findings_of(state)
    locale = state["locale"]
    language = language_of(locale)
    product = product_of(state)
    try:
        if language == settings.pivot_language and attempt == 1:
            listing, meta = pivot, state["draft_meta"]
        elif language == settings.pivot_language:
            prompt = draft_prompt(product, attributes_of(state), findings)
            listing, meta = await write_listing(
                client, settings, "rewrite", prompt, "draft_sampling", attempt
            )
        else:
            redo = {f.field for f in findings if not f.fixed}
            listing, meta = await translate_listing(
                client,
                settings,
                language,
                pivot,
                listing_of(state),
                redo,
                attempt,
                protected_terms(product),
            )
    except ModelOutputError as error:
        return output_failed(locale, str(error), attempt)
    listing = localize_draft(listing, locale, protected_terms(product))
    record(
        runtime,
        state,
        "localize",
        {
            "input_hash": content_hash(state["draft"]),
            "output_hash": content_hash(listing.model_dump()),
            **{
                k: meta.get(k) for k in ("model_id", "prompt_hash", "sampling", "fields_translated")
            },
        },
        locale,
        attempt,
    )
    return {"listing": listing.model_dump(mode="json"), "attempts": attempt, "meta": meta}
