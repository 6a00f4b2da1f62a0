"""The product's pixels of a photo: a background model seeded from the photo's border, grown
inward over connected background-like pixels (scipy.ndimage), and the edges it blends into."""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from listingsmith.attributes.colornames import delta_e
from listingsmith.config import PhotoSettings

# 4-neighbour connectivity: a background does not leak through a product's diagonal corner.
CROSS = ndimage.generate_binary_structure(2, 1)


def product_mask(lab: np.ndarray, transparent: np.ndarray, options: PhotoSettings) -> np.ndarray:
    """True where the product is. Background: transparent pixels, plus pixels like a plain side
    of the border (each side its own reference, so a floor below a wall or a product cut off at
    one side still counts) or light shadows on a light one, connected to the border, and the
    enclosed holes of the same colour (a mug's handle). Without a plain side (a scene, a
    full-bleed product) only transparent pixels are dropped."""
    border = _ring(transparent.shape, options.border_fraction)
    references = _plain_sides(lab, border & ~transparent, options)
    if not references:
        return ~transparent
    close = np.zeros_like(transparent)
    for reference in references:
        close |= delta_e(lab, reference) <= options.background_delta_e
    if max(r[0] for r in references) >= options.shadow_min_lightness:
        chroma = np.hypot(lab[..., 1], lab[..., 2])
        close |= (lab[..., 0] >= options.shadow_min_lightness) & (
            chroma <= options.shadow_max_chroma
        )
    background = transparent | _touching(close, border) | _holes(close, border, options)
    if background.mean() > options.max_background_share:
        return ~transparent  # the "background" is the product itself
    product = ~background
    inner = ndimage.binary_erosion(product, CROSS, iterations=options.edge_pixels)
    # A thin product (a wire, a chain) is all edge: then its edge pixels are kept.
    return inner if inner.sum() >= options.min_inner_share * product.sum() else product


def _ring(shape: tuple[int, int], fraction: float) -> np.ndarray:
    """The border ring of an image of `shape`, `fraction` of its shorter side wide (>= 1 px)."""
    height, width = shape
    ring = max(1, round(min(height, width) * fraction))
    border = np.zeros(shape, dtype=bool)
    border[:ring, :] = border[-ring:, :] = border[:, :ring] = border[:, -ring:] = True
    return border


def _plain_sides(lab: np.ndarray, border: np.ndarray, options: PhotoSettings) -> list[np.ndarray]:
    """The median colour of each side of the border (top, bottom, left, right) that is plain:
    at least border_uniform_share of its pixels within background_delta_e of that median."""
    height, width = border.shape
    halves = (
        np.s_[: height // 2, :],
        np.s_[height // 2 :, :],
        np.s_[:, : width // 2],
        np.s_[:, width // 2 :],
    )
    found = []
    for half in halves:
        side = lab[half][border[half]]
        if len(side) == 0:
            continue
        median = np.median(side, axis=0)
        near = delta_e(side, median) <= options.background_delta_e
        if near.mean() >= options.border_uniform_share:
            found.append(median)
    return found


def _touching(candidates: np.ndarray, border: np.ndarray) -> np.ndarray:
    """The connected regions of `candidates` that reach the border."""
    labels, _ = ndimage.label(candidates, CROSS)
    reached = np.unique(labels[candidates & border])
    return np.isin(labels, reached[reached > 0])


def _holes(candidates: np.ndarray, border: np.ndarray, options: PhotoSettings) -> np.ndarray:
    """Enclosed regions of background colour that are background seen through the product (a
    mug's handle): large enough not to be a detail, small enough beside the product not to be
    the product itself (a white plate outlined on white)."""
    outside = _touching(candidates, border)
    labels, count = ndimage.label(candidates & ~outside, CROSS)
    if count == 0:
        return np.zeros_like(candidates)
    sizes = ndimage.sum_labels(candidates, labels, index=np.arange(1, count + 1))
    lowest = options.hole_min_share * candidates.size
    highest = options.hole_max_share * (~outside).sum()
    return np.isin(labels, np.flatnonzero((sizes >= lowest) & (sizes <= highest)) + 1)
