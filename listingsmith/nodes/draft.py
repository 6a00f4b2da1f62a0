"""draft: the pivot-language listing written by the model from the attributes."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.attributes.photo_model import shown_photos
from listingsmith.audit.log import content_hash
from listingsmith.domain import Draft
from listingsmith.nodes.assembly import composed_listing, with_data_fields
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.nodes.writing import draft_prompt, write_listing
from listingsmith.serving.retries import resample
from listingsmith.state import (
    ProductState,
    attributes_of,
    dumps,
    findings_of,
    framing_of,
    product_of,
)


@timed("draft")
async def draft(state: ProductState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """One structured-output call (an unparseable answer is retried up to max_attempts); a
    redraft gets the previous draft's findings as instructions. Only its description is kept:
    title, bullets and keywords are composed from data. A variant's audience frames the
    description (in the prompt, to the seller's voice adapter too) and its seeds are its own."""
    product = product_of(state)
    previous = findings_of(state, "draft_findings")
    framing = framing_of(state)
    prompt = draft_prompt(product, attributes_of(state), previous, framing)
    settings, client = deps_of(runtime).settings, deps_of(runtime).client
    # Whose voice: the run's tenant (a service job's: never the seller a record names), else
    # the product's seller.
    owner = deps_of(runtime).tenant or product.seller or ""
    draft_attempt = state.get("draft_attempts", 0) + 1
    replaced = dumps(f.model_copy(update={"fixed": True}) for f in previous)
    # Photos, then the videos' key frames (stored by extract): none unless the model is multimodal.
    photos = await shown_photos(product, settings)

    async def write(attempt: int) -> tuple[Draft, dict[str, Any]]:
        return await write_listing(
            client,
            settings,
            "draft",
            prompt,
            "draft_sampling",
            draft_attempt + attempt - 1,
            photos,
            settings.seller_voices.get(owner),
            framing.seed_offset if framing else 0,
        )

    pivot, meta = await resample(settings.model_output_retries, write)
    composed = composed_listing(state, product.source_locale, settings)
    pivot = with_data_fields(pivot, composed, framing)
    record(
        runtime,
        state,
        "draft",
        {
            "input_hash": content_hash(prompt),
            "output_hash": content_hash(pivot.model_dump()),
            "images_hash": content_hash(photos) if photos else None,
            **{k: meta[k] for k in ("model_id", "prompt_hash", "sampling")},
        },
        attempt=draft_attempt,
    )
    return {
        "draft": pivot.model_dump(mode="json"),
        "draft_meta": {**meta, "attempts": draft_attempt},
        "draft_attempts": draft_attempt,
        "draft_history": replaced,
    }
