"""Name colours: the lexicon colour (family) by CIELAB nearest neighbour over the reference
palette (palette.yaml), and the name sellers give it (seller_colors.yaml), each weighed by how
often sellers name it."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from PIL import Image, ImageCms

from listingsmith.config import PhotoSettings
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


SELLER_COLORS_FILE = "seller_colors.yaml"


def _palette_file() -> dict[str, Any]:
    return load_data(__package__, "palette.yaml")


def _hex_lab(hex_values: list[str]) -> np.ndarray:
    """CIELAB rows of sRGB hex colours ("#rrggbb")."""
    swatch = Image.new("RGB", (len(hex_values), 1))
    swatch.putdata([tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in hex_values])
    return to_lab(swatch)[0]


@cache
def _palette() -> tuple[list[str], np.ndarray]:
    pairs = [(n, h) for n, refs in _palette_file()["palette"].items() for h in refs]
    return [n for n, _ in pairs], _hex_lab([h for _, h in pairs])


@cache
def _seller_names() -> dict[str, dict[str, Any]]:
    return load_data(__package__, SELLER_COLORS_FILE)["names"]


@cache
def _seller_model() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Seller names, their families' indices into the lexicon's colours, their CIELAB colours,
    log-frequency of each name and of each family (add-one smoothed)."""
    names = list(_seller_names())
    families = sorted(set(_palette()[0]))
    rows = [_seller_names()[n] for n in names]
    family_index = np.array([families.index(r["family"]) for r in rows])
    counts = np.array([r["count"] + 1 for r in rows], dtype=np.float64)
    family_counts = np.bincount(family_index, weights=counts, minlength=len(families)) + 1
    return (
        names,
        family_index,
        _hex_lab([r["hex"] for r in rows]),
        np.log(counts),
        np.log(family_counts / family_counts.sum()),
    )


def color_names(lab: np.ndarray) -> list[str]:
    """The canonical colour name (lexicons/colors.yaml) of each CIELAB row of `lab` (n, 3)."""
    names, references = _palette()
    distances = np.linalg.norm(lab[:, None, :] - references[None, :, :], axis=-1)
    return [names[i] for i in distances.argmin(axis=1)]


@cache
def _category_counts() -> dict[str, dict[str, int]]:
    categories = load_data(__package__, SELLER_COLORS_FILE).get("categories") or {}
    return {category.casefold(): counts for category, counts in categories.items()}


def _family_log_prior(category: str | None, weight: float) -> np.ndarray:
    """Log-frequency of each family as sellers name it in `category` (its train records'
    mentions, smoothed toward all sellers' by `weight` pseudo-mentions), else over all."""
    log_family = _seller_model()[4]
    counts = _category_counts().get((category or "").casefold())
    if counts is None:
        return log_family
    found = np.array([counts.get(f, 0) for f in sorted(set(_palette()[0]))], dtype=np.float64)
    return np.log((found + weight * np.exp(log_family)) / (found.sum() + weight))


def seller_color_names(
    lab: np.ndarray, options: PhotoSettings, category: str | None = None
) -> list[str]:
    """The seller's name of each CIELAB row of `lab` (n, 3). Its family: the lexicon colour of
    the nearest palette reference, weighed by how often sellers name that family (a Gaussian of
    CIE76 distance with deviation `name_spread`, times the family's frequency: a dark, dull blue
    is named as sellers name it, not grey). Its name: the family's seller name chosen the same
    way ("navy" for a dark blue). With a `category` the family frequency is the category's
    (a pendant's pale yellow is gold, a rug's is beige)."""
    palette_names, references = _palette()
    names, family_index, colours, log_count, _ = _seller_model()
    log_family = _family_log_prior(category, options.category_prior_weight)
    spread = options.name_spread
    families = sorted(set(palette_names))
    distances = np.linalg.norm(lab[:, None, :] - references[None, :, :], axis=-1)
    nearest = np.stack(
        [
            distances[:, [i for i, n in enumerate(palette_names) if n == f]].min(axis=1)
            for f in families
        ],
        axis=1,
    )
    chosen = np.argmax(log_family[None, :] - nearest**2 / (2 * spread**2), axis=1)
    to_names = np.linalg.norm(lab[:, None, :] - colours[None, :, :], axis=-1)
    score = log_count[None, :] - to_names**2 / (2 * spread**2)
    score[family_index[None, :] != chosen[:, None]] = -np.inf
    return [names[i] for i in score.argmax(axis=1)]


def delta_e(lab: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """CIE76 colour difference of every pixel of `lab` to one reference colour."""
    return np.linalg.norm(lab - reference, axis=-1)


def alike_colors(first: str, second: str) -> bool:
    """Whether two canonical colours are the same or a photo cannot tell them apart."""
    return first == second or any(
        first in group and second in group for group in _palette_file()["alike"]
    )


def color_families(value: str) -> set[str]:
    """The lexicon colours an (English) colour value names ("navy blue" -> blue), or the family
    of the seller colour name it is ("burgundy" -> red)."""
    found = {match.canonical for match in find_terms(value, "colors", "en")}
    seller = _seller_names().get(value.lower())
    return found or ({seller["family"]} if seller else set())
