"""Attributes from a product photo's pixels: its dominant colours, background left out."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from listingsmith.attributes.colornames import color_names, delta_e, to_lab
from listingsmith.config import PhotoSettings, Settings
from listingsmith.domain import Attribute
from listingsmith.images import check_image

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
    with Image.open(path) as image:
        image.draft("RGB", (side, side))
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((side, side))
        return upright.convert("RGBA")


def pixel_attributes(path: Path, settings: Settings) -> list[Attribute]:
    """One "color" attribute per dominant colour of the product (background and shadows
    dropped), its confidence from its share of the product pixels."""
    options = settings.photo
    image = open_photo(path, settings.max_image_pixels, options.analysis_side)
    rgb = image.convert("RGB")
    product = ~_background(to_lab(rgb), np.asarray(image)[..., 3] < OPAQUE_ALPHA, options)
    total = int(product.sum())
    if total == 0:
        return []
    quantized = rgb.quantize(options.palette_colors, method=Image.Quantize.FASTOCTREE)
    indices = np.asarray(quantized)[product]
    counts = np.bincount(indices, minlength=options.palette_colors)
    used = np.flatnonzero(counts)
    palette = np.array(quantized.getpalette()[: 3 * len(counts)], dtype=np.uint8)
    swatch = Image.frombytes("RGB", (len(used), 1), palette.reshape(-1, 3)[used].tobytes())
    shares: dict[str, float] = {}
    for name, count in zip(color_names(to_lab(swatch)[0]), counts[used], strict=True):
        shares[name] = shares.get(name, 0.0) + count / total
    ranked = sorted(shares.items(), key=lambda item: -item[1])[: options.max_colors]
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


def _background(lab: np.ndarray, transparent: np.ndarray, options: PhotoSettings) -> np.ndarray:
    """Transparent pixels, plus pixels like a plain border (or light shadows on a light one)
    that are connected to the border."""
    height, width = transparent.shape
    ring = max(1, round(min(height, width) * options.border_fraction))
    border = np.zeros_like(transparent)
    border[:ring, :] = border[-ring:, :] = border[:, :ring] = border[:, -ring:] = True
    opaque_border = lab[border & ~transparent]
    if len(opaque_border) == 0:
        return transparent
    reference = np.median(opaque_border, axis=0)
    close = delta_e(lab, reference) <= options.background_delta_e
    if close[border & ~transparent].mean() < options.border_uniform_share:
        return transparent  # no plain background: a scene or a full-bleed product
    if reference[0] >= options.shadow_min_lightness:
        chroma = np.hypot(lab[..., 1], lab[..., 2])
        close |= (lab[..., 0] >= options.shadow_min_lightness) & (
            chroma <= options.shadow_max_chroma
        )
    background = transparent | _connected_to_border(close, border)
    return background if background.mean() <= options.max_background_share else transparent


def _connected_to_border(candidates: np.ndarray, border: np.ndarray) -> np.ndarray:
    """The candidate pixels reachable from the border through candidate pixels (4-neighbours)."""
    reached = candidates & border
    while True:
        grown = reached.copy()
        grown[1:, :] |= reached[:-1, :]
        grown[:-1, :] |= reached[1:, :]
        grown[:, 1:] |= reached[:, :-1]
        grown[:, :-1] |= reached[:, 1:]
        grown &= candidates
        if np.array_equal(grown, reached):
            return reached
        reached = grown


def photo_data_url(path: Path, settings: Settings) -> str:
    """The photo upright and downscaled for a multimodal model, as a JPEG data URL."""
    side = settings.photo.model_max_side
    image = open_photo(path, settings.max_image_pixels, side)
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image, mask=image.getchannel("A"))
    buffer = io.BytesIO()
    flat.save(buffer, "JPEG", quality=settings.photo.model_jpeg_quality)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
