"""Read a catalogue (JSONL) into Products; every bad record is reported by line and field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError

from listingsmith.domain import Product


@dataclass(frozen=True)
class RecordError:
    """Why one catalogue record was skipped."""

    line: int
    sku: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (sku {self.sku})" if self.sku else "")
        return f"{where}, field {self.field or '-'}: {self.message}"


def check_image(path: Path, max_pixels: int) -> str | None:
    """None if the file is a decodable image within the pixel limit, else why not."""
    if not path.is_file():
        return f"image file not found: {path}"
    try:
        with Image.open(path) as image:
            if image.width * image.height > max_pixels:
                return f"image has {image.width * image.height} pixels; the limit is {max_pixels}"
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        return f"unreadable image {path}: {error}"
    return None


def _field_of(error: ValidationError) -> str:
    first = error.errors()[0]
    return ".".join(str(part) for part in first["loc"]) or "-"


def parse_record(
    line_no: int, text: str, base: Path, max_pixels: int
) -> tuple[Product | None, RecordError | None]:
    """One JSONL line -> a Product with absolute image paths, or the error that names the field."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        return None, RecordError(line_no, None, None, f"not valid JSON: {error.msg}")
    if not isinstance(raw, dict):
        return None, RecordError(line_no, None, None, "a record must be a JSON object")
    sku = raw.get("sku") if isinstance(raw.get("sku"), str) else None
    try:
        product = Product.model_validate(raw)
    except ValidationError as error:
        return None, RecordError(line_no, sku, _field_of(error), error.errors()[0]["msg"])
    images = []
    for index, name in enumerate(product.images):
        path = (base / name).resolve()
        problem = check_image(path, max_pixels)
        if problem:
            return None, RecordError(line_no, sku, f"images[{index}]", problem)
        images.append(str(path))
    return product.model_copy(update={"images": images}), None


def read_catalog(path: Path, max_pixels: int) -> tuple[list[Product], list[RecordError]]:
    """Every good product of a JSONL catalogue and every bad record; duplicate skus are errors."""
    products: list[Product] = []
    errors: list[RecordError] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line_no, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            product, error = parse_record(line_no, text, path.parent, max_pixels)
            if product and product.sku in seen:
                error = RecordError(line_no, product.sku, "sku", "duplicate sku in this catalogue")
            if error:
                errors.append(error)
                continue
            assert product is not None
            seen.add(product.sku)
            products.append(product)
    return products, errors
