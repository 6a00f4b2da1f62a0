"""localize: one locale's listing: the pivot draft translated, or rewritten after findings."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import content_hash
from listingsmith.domain import Draft, Finding, Severity
from listingsmith.locale.conventions import localize_draft
from listingsmith.locale.glossary import protected_terms
from listingsmith.nodes.assembly import (
    assemble,
    composed_listing,
    noun_is_sure,
    said_by_data,
    translatable,
    with_data_fields,
    written_fields,
)
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.nodes.live import as_live, improved
from listingsmith.nodes.memory import remembered
from listingsmith.nodes.writing import draft_prompt, translate_fields, write_listing
from listingsmith.serving.client import ModelOutputError
from listingsmith.state import (
    LocaleState,
    attributes_of,
    dumps,
    findings_of,
    framing_of,
    listing_of,
    live_of,
    pivot_of,
    product_of,
)
from listingsmith.text.languages import language_of

# The finding of an attempt whose model output was unusable.
OUTPUT_RULE = "model.output"


def output_failed(locale: str, error: str, attempt: int) -> dict[str, Any]:
    """The update of an attempt whose model output was unusable: no listing, and a finding
    that sends it back to the model (or to a person when attempts run out)."""
    failure = Finding(
        rule_id=OUTPUT_RULE,
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
    findings as instructions. Other languages compose the title and keywords from data and
    translate the pivot's model-written fields; a retry translates again only the fields with
    open findings."""
    settings = deps_of(runtime).settings
    attempt = state.get("attempts", 0) + 1
    locale = state["locale"]
    live = live_of(state)
    if live is not None and attempt == 1:  # the live listing is checked as it is first
        return _recorded(runtime, state, as_live(live), {"model_id": None}, attempt)
    composed = composed_listing(state, locale, settings)
    try:
        if language_of(locale) == settings.pivot_language:
            listing, meta = await _pivot_language(state, runtime, attempt, composed)
        else:
            listing, meta = await _translated(state, runtime, attempt, composed)
    except ModelOutputError as error:
        return output_failed(locale, str(error), attempt)
    listing = localize_draft(listing, locale, protected_terms(product_of(state)))
    if live is not None:  # only the fields with open findings change (none after a failed
        # model output: the live text is checked again and names its failing fields)
        redo = {f.field for f in findings_of(state) if not f.fixed and f.rule_id != OUTPUT_RULE}
        listing = improved(listing_of(state) or as_live(live), listing, redo)
    return _recorded(runtime, state, listing, meta, attempt)


def _recorded(
    runtime: Runtime[Deps], state: LocaleState, listing: Draft, meta: dict[str, Any], attempt: int
) -> dict[str, Any]:
    """The attempt's listing, audited with who wrote each field, as the state update."""
    record(
        runtime,
        state,
        "localize",
        {
            "input_hash": content_hash(state["draft"]),
            "output_hash": content_hash(listing.model_dump()),
            "origins": listing.origins,
            **{
                k: meta.get(k)
                for k in (
                    "model_id",
                    "prompt_hash",
                    "sampling",
                    "fields_translated",
                    "fields_remembered",
                )
            },
        },
        state["locale"],
        attempt,
    )
    return {
        "listing": listing.model_dump(mode="json"),
        "previous": state.get("listing"),
        "attempts": attempt,
        "meta": meta,
    }


async def _pivot_language(
    state: LocaleState, runtime: Runtime[Deps], attempt: int, composed: Draft
) -> tuple[Draft, dict[str, Any]]:
    """The pivot draft as it is, or on a retry a new draft with the findings as instructions."""
    if attempt == 1:
        return pivot_of(state), state["draft_meta"]
    settings, client = deps_of(runtime).settings, deps_of(runtime).client
    framing = framing_of(state)
    prompt = draft_prompt(product_of(state), attributes_of(state), findings_of(state), framing)
    offset = framing.seed_offset if framing else 0
    draft, meta = await write_listing(
        client, settings, "rewrite", prompt, "draft_sampling", attempt, seed_offset=offset
    )
    return with_data_fields(draft, composed, framing), meta


async def _translated(
    state: LocaleState, runtime: Runtime[Deps], attempt: int, composed: Draft
) -> tuple[Draft, dict[str, Any]]:
    """The pivot's model-written fields translated (on a retry, only those with open findings;
    the others keep their text), except a description data restates; everything else composed
    from data."""
    settings, client = deps_of(runtime).settings, deps_of(runtime).client
    pivot = pivot_of(state)
    source = translatable(
        pivot, said_by_data(pivot, composed, settings, noun_sure=noun_is_sure(state))
    )
    written, origins = written_fields(listing_of(state))
    redo = {f.field for f in findings_of(state) if not f.fixed}
    lines = {
        name: text
        for name, text in source.items()
        if attempt == 1 or "*" in redo or name in redo or name not in written
    }
    # A reviewer's translation of the very same text is reused once; what fails is redone.
    reused = remembered(runtime, state, {n: t for n, t in lines.items() if n not in redo})
    translated, meta = await translate_fields(
        client,
        settings,
        language_of(state["locale"]),
        {name: text for name, text in lines.items() if name not in reused},
        attempt,
        protected_terms(product_of(state)),
    )
    written.update({**reused, **translated})
    origins.update({**dict.fromkeys(reused, "memory"), **dict.fromkeys(translated, "model")})
    return assemble(pivot, composed, written, origins), {**meta, "fields_remembered": len(reused)}
