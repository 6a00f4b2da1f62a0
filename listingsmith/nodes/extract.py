"""extract: the product's attributes from seller fields, text patterns and the model, fused;
inferred values (the closed-set classifier's, the model's unwritten ones) kept apart as
suggestions."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime

from listingsmith.attributes.brands import outside_brands, product_brands
from listingsmith.attributes.closed import closed_attributes
from listingsmith.attributes.confidence import calibrated, calibrated_photo
from listingsmith.attributes.forms import in_preferred_forms
from listingsmith.attributes.fusion import fuse, product_facts
from listingsmith.attributes.model_extract import (
    TASK,
    category_names,
    extraction_prompt,
    model_attributes,
    product_text,
)
from listingsmith.attributes.photo import pixel_attributes
from listingsmith.attributes.photo_model import model_photos, photo_model_attributes
from listingsmith.attributes.suggestions import suggestions
from listingsmith.attributes.tagger import tagged_attributes
from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.attributes.video import with_key_frames
from listingsmith.audit.log import content_hash
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Product
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.prompts import prompt_hash
from listingsmith.serving.client import ModelOutputError
from listingsmith.state import ProductState, dumps, product_of
from listingsmith.text.languages import language_of


async def answered(reading: Awaitable[list[Attribute]]) -> tuple[list[Attribute], str | None]:
    """A model reading's values, or none and why: an answer that never parses costs only that
    reading's values (recorded), not the product."""
    try:
        return await reading, None
    except ModelOutputError as error:
        return [], str(error)


def photo_colours(product: Product, settings: Settings) -> list[Attribute]:
    """The dominant colours of every photo, their confidence calibrated (photo_confidence.yaml)."""
    return [
        calibrated_photo(a)
        for photo in product.images
        for a in pixel_attributes(Path(photo), settings, product.category)
    ]


@timed("extract")
async def extract(state: ProductState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Seller fields, quantities, colours and materials found in the text, and the category's
    attributes read by the model, its confidence calibrated (confidence.yaml). Only model
    values written in the text (with evidence) join the attribute set: drafting and the
    fact-check treat every attribute as a product fact. The model's unwritten values and the
    closed-set classifier's are suggestions for the reviewer, never facts."""
    product = product_of(state)
    settings, client = deps_of(runtime).settings, deps_of(runtime).client
    text, names = product_text(product), category_names(product.category)
    limits = settings.extraction_limits
    # The text reading, the photo reading and the pixel colours run side by side; pixels on a
    # thread, so decoding photos does not hold up other products' model calls. Video key
    # frames are read as photos.
    async with with_key_frames(product, settings) as shown:
        photos = model_photos(shown, settings)
        (read, text_error), (seen, photo_error), pixels, spans = await asyncio.gather(
            answered(
                model_attributes(
                    client,
                    text,
                    product.category,
                    names,
                    settings.extract_sampling,
                    limits,
                    settings.model_output_retries,
                )
            ),
            answered(photo_model_attributes(client, shown, names, photos, settings)),
            asyncio.to_thread(photo_colours, shown, settings),
            asyncio.to_thread(
                tagged_attributes,
                text,
                names,
                product.category,
                language=language_of(product.source_locale),
            ),
        )
    read = [calibrated(a, client.model_id, client.model_for(TASK)) for a in read]
    grounded = [a for a in read if a.evidence]
    # The tagger's and the model's values read only inside the brand's name are dropped too.
    texts = [product.title, *product.bullets, product.description]
    brands = product_brands(product.brand, product.title)
    read_in_text = in_preferred_forms(
        text_attributes(product) + outside_brands(spans + grounded, texts, brands),
        product.category,
    )
    attributes, conflicts = fuse(seller_attributes(product) + read_in_text + seen + pixels)
    classified = closed_attributes(text, product.category, names)
    inferred = [a for a in read if not a.evidence] + classified
    offered = suggestions(inferred, product_facts(attributes))
    record(
        runtime,
        state,
        "extract",
        {
            "input_hash": content_hash(state["product"]),
            "output_hash": content_hash(dumps(attributes)),
            "attributes": len(attributes),
            "conflicts": [c.name for c in conflicts],
            "model_id": client.model_id,
            "prompt_hash": prompt_hash(extraction_prompt(text, product.category, names, limits)),
            "sampling": settings.extract_sampling.model_dump(),
            "model_values": len(read),
            "model_values_ungrounded": len(read) - len(grounded),
            "model_error": text_error,
            "video_frames": len(shown.images) - len(product.images),
            "photos_to_model": len(photos),
            "photo_model_values": len(seen),
            "photo_model_error": photo_error,
            "pixel_values": len(pixels),
            "tagger_values": len(spans),
            "classifier_values": len(classified),
            "suggestions": dumps(offered),
        },
    )
    return {
        "attributes": dumps(attributes),
        "conflicts": dumps(conflicts),
        "suggestions": dumps(offered),
    }
