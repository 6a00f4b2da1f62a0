"""A seller's limits on a Product's fields (config.InputLimits), shared by the CLI and both
service routes: the first field over them and why."""

from __future__ import annotations

from listingsmith.config import InputLimits
from listingsmith.domain import Product


def oversized(product: Product, limits: InputLimits) -> tuple[str, str] | None:
    """(field, why) for the first field over the limits, None when all fit. Image entries are
    only counted here: their bytes and pixels are bounded where the photos are read."""
    for name, value in product:
        chars = limits.title_chars if name == "title" else limits.field_chars
        texts: list[tuple[str, str]] = []
        if isinstance(value, str):
            texts = [(name, value)]
        elif isinstance(value, list | dict):
            most = limits.images_per_record if name == "images" else limits.list_items
            if len(value) > most:
                return name, f"more than {most} entries"
            if isinstance(value, dict):
                texts = [(f"{name}.{key}", f"{key}{item}") for key, item in value.items()]
            elif name != "images":
                texts = [(f"{name}[{index}]", item) for index, item in enumerate(value)]
        for field, text in texts:
            if len(text) > chars:
                return field, f"longer than {chars} characters"
    return None
