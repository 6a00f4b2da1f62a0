"""A seller's limits on a Product's fields (config.InputLimits), shared by the CLI and both
service routes: the first field over them and why."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from listingsmith.config import InputLimits
from listingsmith.domain import Product


def oversized(product: Product, limits: InputLimits) -> tuple[str, str] | None:
    """(field, why) for the first field over the limits, None when all fit. Image and video
    entries are only counted here: their bytes and pixels are bounded where the files are read."""
    files = {"images": limits.images_per_record, "videos": limits.videos_per_record}
    for name, value in product:
        chars = limits.title_chars if name == "title" else limits.field_chars
        if isinstance(value, list | dict):
            most = files.get(name, limits.list_items)
            if len(value) > most:
                return name, f"more than {most} entries"
        texts = [] if name in files else _texts(name, value)
        for field, text in texts:
            if len(text) > chars:
                return field, f"longer than {chars} characters"
    return None


def _texts(name: str, value: Any) -> list[tuple[str, str]]:
    """The texts of one field by their field names: a map's entries (key and value together),
    a list's items, and the text fields of a list's records (a variant's sku, its options)."""
    if isinstance(value, str):
        return [(name, value)]
    if isinstance(value, dict):
        return [(f"{name}.{key}", f"{key}{item}") for key, item in value.items()]
    if isinstance(value, BaseModel):
        return [text for field, item in value for text in _texts(f"{name}.{field}", item)]
    if isinstance(value, list):
        return [text for i, item in enumerate(value) for text in _texts(f"{name}[{i}]", item)]
    return []
