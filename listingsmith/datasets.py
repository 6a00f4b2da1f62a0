"""Read dataset records (the shared product-data JSONL schema, evaluation and train splits)
into records with gold attribute values, and catalogue products."""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from listingsmith.domain import Attribute, Product

LOG = logging.getLogger(__name__)
BRAND_NAMES = ("brand", "brand name", "manufacturer")


@dataclass(frozen=True)
class GoldRecord:
    """One evaluation record: its text and the annotators' attribute values."""

    id: str
    dataset: str
    title: str
    description: str
    category: str | None
    gold: dict[str, list[str]]
    image: Path | None

    @property
    def text(self) -> str:
        """Title and description as one text."""
        return f"{self.title}. {self.description}".strip(". ") if self.description else self.title

    def gold_attributes(self) -> list[Attribute]:
        """Gold values as seller attributes (one per surface form the annotators gave)."""
        return [
            Attribute(name=name, value=value, source="seller", confidence=1.0)
            for name, values in self.gold.items()
            for value in values
        ]


def _field(raw: dict, name: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"field {name!r}: missing or not a non-empty string")
    return value


def parse_record(raw: object, path: Path) -> GoldRecord:
    """One JSONL object as a record; ValueError names the field that is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    gold_raw = raw.get("attributes_gold") or {}
    if not isinstance(gold_raw, dict):
        raise ValueError("field 'attributes_gold': not an object")
    gold = {
        name: [html.unescape(str(v)) for v in (value if isinstance(value, list) else [value])]
        for name, value in gold_raw.items()
    }
    image = (path.parent / raw["image"]) if raw.get("image") else None
    return GoldRecord(
        id=_field(raw, "id"),
        dataset=path.stem,
        title=html.unescape(_field(raw, "title")),
        description=html.unescape(raw.get("description") or ""),
        category=raw.get("category"),
        gold=gold,
        image=image,
    )


def read_dataset(path: Path, limit: int | None = None) -> list[GoldRecord]:
    """Records of one JSONL file; HTML entities in AE-110k titles are decoded. A bad line is
    logged with its line number, record id and field, and skipped."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            raw = None
            try:
                raw = json.loads(line)
                records.append(parse_record(raw, path))
            except ValueError as error:  # JSONDecodeError is a ValueError too
                record_id = raw.get("id") if isinstance(raw, dict) else None
                LOG.warning("%s line %d (id %s): %s; skipped", path.name, number, record_id, error)
                continue
            if limit and len(records) >= limit:
                break
    return records


def category_attribute_names(records: list[GoldRecord]) -> dict[str | None, list[str]]:
    """Per category, the sorted attribute names found in the gold of its records.

    ExtractGPT's setting: the extractor is asked for all of the category's attribute names,
    some of which a given record lacks.
    """
    names: dict[str | None, set[str]] = {}
    for record in records:
        names.setdefault(record.category, set()).update(record.gold)
    return {category: sorted(found) for category, found in names.items()}


def to_product(record: GoldRecord) -> Product:
    """A catalogue product from an evaluation record: gold values as the seller's fields."""
    attributes = {name: values[0] for name, values in record.gold.items() if values}
    brand = next((attributes[n] for n in attributes if n.lower() in BRAND_NAMES), None)
    return Product(
        sku=re.sub(r"[^\w.-]", "_", record.id),
        title=record.title,
        description=record.description,
        category=record.category,
        brand=brand,
        attributes=attributes,
    )
