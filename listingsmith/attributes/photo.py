"""Attributes from a product photo's pixels: its dominant colours, background left out."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from listingsmith.attributes.colornames import color_families, seller_color_names, to_lab
from listingsmith.attributes.segment import product_mask
from listingsmith.config import Settings
from listingsmith.domain import Attribute
from listingsmith.images import FORMATS, check_image

# Pixels with at least this alpha are opaque; transparent ones are background.
OPAQUE_ALPHA = 128


class PhotoError(ValueError):
    """A photo that cannot be read safely (missing, undecodable or over the pixel limit)."""


def open_photo(path: Path, max_pixels: int, side: int) -> Image.Image:
    """The photo upright (EXIF orientation) as RGBA, at most `side` pixels on its longest side;
    decoded with the catalogue's checks (pixel limit first) and JPEG draft mode."""
    problem = check_image(path, max_pixels)
    if problem:
        raise PhotoError(f"photo {path.name}: {problem}")
    with Image.open(path, formats=list(FORMATS)) as image:
        image.draft("RGB", (side, side))
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((side, side))
        return upright.convert("RGBA")


def pixel_attributes(
    path: Path, settings: Settings, category: str | None = None
) -> list[Attribute]:
    """One "color" attribute per dominant colour of the product (background and shadows
    dropped), named as sellers (of the product's `category`, when known) name it, its
    confidence from its share of the product pixels."""
    options = settings.photo
    image = open_photo(path, settings.max_image_pixels, options.analysis_side)
    rgb = image.convert("RGB")
    product = product_mask(to_lab(rgb), np.asarray(image)[..., 3] < OPAQUE_ALPHA, options)
    total = int(product.sum())
    if total == 0:
        return []
    quantized = rgb.quantize(options.palette_colors, method=Image.Quantize.FASTOCTREE)
    indices = np.asarray(quantized)[product]
    counts = np.bincount(indices, minlength=options.palette_colors)
    used = np.flatnonzero(counts)
    palette = np.array(quantized.getpalette()[: 3 * len(counts)], dtype=np.uint8)
    swatch = Image.frombytes("RGB", (len(used), 1), palette.reshape(-1, 3)[used].tobytes())
    names = seller_color_names(to_lab(swatch)[0], options, category)
    ranked = _by_family(names, counts[used] / total)[: options.max_colors]
    return [
        Attribute(
            name="color",
            value=name,
            source="pixels",
            evidence=f"photo {path.name}: {round(share * 100)} % of product pixels",
            confidence=round(share * options.pixel_confidence, 3),
        )
        for name, share in ranked
        if share >= options.min_color_share
    ]


def _by_family(names: list[str], shares: np.ndarray) -> list[tuple[str, float]]:
    """Colour families by their share of the product, largest first, each named by its
    largest seller name ("navy" and "blue" clusters are one blue family, named "navy" when
    navy covers more)."""
    families: dict[str, dict[str, float]] = {}
    for name, share in zip(names, shares, strict=True):
        (family,) = color_families(name)
        families.setdefault(family, {})
        families[family][name] = families[family].get(name, 0.0) + float(share)
    ranked = [
        (max(named, key=named.__getitem__), sum(named.values())) for named in families.values()
    ]
    return sorted(ranked, key=lambda item: -item[1])


def photo_data_url(path: Path, settings: Settings) -> str:
    """The photo upright and downscaled for a multimodal model, as a JPEG data URL."""
    side = settings.photo.model_max_side
    image = open_photo(path, settings.max_image_pixels, side)
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image, mask=image.getchannel("A"))
    buffer = io.BytesIO()
    flat.save(buffer, "JPEG", quality=settings.photo.model_jpeg_quality)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
