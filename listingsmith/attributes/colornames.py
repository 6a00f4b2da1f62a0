"""Name colours: CIELAB nearest neighbour over the reference palette (palette.yaml)."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from PIL import Image, ImageCms

from listingsmith.lexicons import load_data
from listingsmith.text.terms import find_terms


@cache
def _srgb_to_lab() -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB"
    )


def to_lab(image: Image.Image) -> np.ndarray:
    """An RGB image as float CIELAB (D50) values, shape (height, width, 3)."""
    lab = np.asarray(ImageCms.applyTransform(image, _srgb_to_lab()))
    lightness = lab[..., 0].astype(np.float32) * (100.0 / 255.0)
    # Pillow stores a* and b* as signed bytes.
    ab = lab[..., 1:].view(np.int8).astype(np.float32)
    return np.concatenate([lightness[..., None], ab], axis=-1)


def _palette_file() -> dict[str, Any]:
    return load_data(__package__, "palette.yaml")


@cache
def _palette() -> tuple[list[str], np.ndarray]:
    names, colours = [], []
    for name, references in _palette_file()["palette"].items():
        for hex_value in references:
            names.append(name)
            colours.append(tuple(int(hex_value[i : i + 2], 16) for i in (1, 3, 5)))
    swatch = Image.new("RGB", (len(colours), 1))
    swatch.putdata(colours)
    return names, to_lab(swatch)[0]


def color_names(lab: np.ndarray) -> list[str]:
    """The canonical colour name (lexicons/colors.yaml) of each CIELAB row of `lab` (n, 3)."""
    names, references = _palette()
    distances = np.linalg.norm(lab[:, None, :] - references[None, :, :], axis=-1)
    return [names[i] for i in distances.argmin(axis=1)]


def delta_e(lab: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """CIE76 colour difference of every pixel of `lab` to one reference colour."""
    return np.linalg.norm(lab - reference, axis=-1)


def alike_colors(first: str, second: str) -> bool:
    """Whether two canonical colours are the same or a photo cannot tell them apart."""
    return first == second or any(
        first in group and second in group for group in _palette_file()["alike"]
    )


def color_families(value: str) -> set[str]:
    """The lexicon colours an (English) colour value names ("navy blue" -> blue)."""
    return {match.canonical for match in find_terms(value, "colors", "en")}
