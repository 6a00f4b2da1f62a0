"""Attributes a multimodal model reads off the product photos (source "photo-model")."""

from __future__ import annotations

import string
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from listingsmith.attributes.model_extract import extraction_schema
from listingsmith.attributes.photo import photo_data_url
from listingsmith.attributes.video import with_key_frames
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Product
from listingsmith.prompts import load_prompt
from listingsmith.serving.client import ModelClient
from listingsmith.serving.profiles import get_profile
from listingsmith.serving.retries import resample, resampling
from listingsmith.text.terms import find_terms

SOURCE = "photo-model"
TASK = "extract-photo"


def model_photos(product: Product, settings: Settings) -> list[str]:
    """The product's photos as data URLs for the served model: the first max_images when the
    profile is multimodal, none otherwise."""
    profile = get_profile(settings.profile)
    if not profile.multimodal:
        return []
    return [photo_data_url(Path(p), settings) for p in product.images[: profile.max_images]]


async def shown_photos(product: Product, settings: Settings) -> list[str]:
    """model_photos of the product with its videos' key frames after its photos (the draft's
    images): none, and nothing decoded, unless the profile is multimodal; no key frame is
    looked up when the photos alone fill max_images."""
    profile = get_profile(settings.profile)
    if not profile.multimodal or len(product.images) >= profile.max_images:
        return model_photos(product, settings)
    async with with_key_frames(product, settings) as shown:
        return model_photos(shown, settings)


def photo_names(names: Sequence[str]) -> list[str]:
    """The names asked of the photo: the category's plus those always asked (colour)."""
    asked = [*names, *load_prompt("photo")["always"]]
    folded: dict[str, str] = {}
    for name in asked:
        folded.setdefault(name.strip().casefold(), name.strip())
    return [name for name in folded.values() if name]


def photo_prompt(product: Product, names: Sequence[str]) -> str:
    """The text part of the photo request (the photos go before it as image parts)."""
    spec = load_prompt("photo")
    return string.Template(spec["template"]).substitute(
        title=product.title,
        category=product.category or spec["unknown_category"],
        names="; ".join(names),
    )


def photo_answer_attributes(
    data: dict[str, Any], names: Sequence[str], photos: Sequence[str], confidence: float
) -> list[Attribute]:
    """The answer's values as attributes; colours as lexicon colours (one attribute each)."""
    nulls = {str(v).lower() for v in load_prompt("photo")["null_values"]}
    shown = ", ".join(Path(p).name for p in photos)
    found = []
    for name in names:
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        value = " ".join(str(value).split())
        if not value or value.lower().strip(" .") in nulls:
            continue
        values = [value]
        if name.casefold() in ("color", "colour"):
            values = list(dict.fromkeys(t.canonical for t in find_terms(value, "colors", "en")))
            values = values or [value]
        found += [
            Attribute(
                name=name,
                value=v,
                source=SOURCE,
                evidence=f"photo {shown}: the model saw {value!r}",
                confidence=confidence,
            )
            for v in values
        ]
    return found


async def photo_model_attributes(
    client: ModelClient,
    product: Product,
    names: Sequence[str],
    photos: Sequence[str],
    settings: Settings,
) -> list[Attribute]:
    """One structured-output request with the photos (data URLs) as image parts; an answer
    that does not parse is sampled again (new seed) up to model_output_retries times."""
    if not photos:
        return []
    asked = photo_names(names)
    prompt = photo_prompt(product, asked)
    schema = extraction_schema(asked, settings.extraction_limits)
    sampling = settings.photo_sampling

    async def ask(attempt: int) -> dict[str, Any]:
        tried = resampling(sampling, attempt, settings.extraction_limits.retry_temperature)
        return (await client.complete_json(TASK, prompt, schema, tried, images=photos)).data

    data = await resample(settings.model_output_retries, ask)
    return photo_answer_attributes(data, asked, product.images, settings.photo.model_confidence)
