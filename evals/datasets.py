"""Read evaluation records (the shared product-data JSONL schema) into products with gold."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from listingsmith.domain import Attribute


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


def read_dataset(path: Path, limit: int | None = None) -> list[GoldRecord]:
    """Records of one JSONL file; HTML entities in AE-110k titles are decoded."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            raw = json.loads(line)
            gold = {
                name: [html.unescape(v) for v in (value if isinstance(value, list) else [value])]
                for name, value in (raw.get("attributes_gold") or {}).items()
            }
            image = (path.parent / raw["image"]) if raw.get("image") else None
            records.append(
                GoldRecord(
                    id=raw["id"],
                    dataset=path.stem,
                    title=html.unescape(raw["title"]),
                    description=html.unescape(raw.get("description") or ""),
                    category=raw.get("category"),
                    gold=gold,
                    image=image,
                )
            )
            if limit and len(records) >= limit:
                break
    return records
