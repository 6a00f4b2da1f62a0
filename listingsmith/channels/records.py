"""Records built from table cells, checked like a JSONL record (batch.catalog.read_object), their
errors named by the line and column the bad value came from."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from listingsmith.batch.catalog import Parsed, RecordError, gather, read_object
from listingsmith.batch.photos import LocalPhotos, Photos
from listingsmith.channels.table import Row, read_table
from listingsmith.config import InputLimits, Settings
from listingsmith.domain import Product

# Image references this reader never fetches: only the catalogue's own files are photos.
_REMOTE = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_INDEX = re.compile(r"\[(\d+)\]")


@dataclass
class Record:
    """A record's fields as read from cells, and where each came from: field path ("title",
    "attributes.color", "variants.1.sku", "bullets") -> (line, column)."""

    line: int
    raw: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, tuple[int, str]] = field(default_factory=dict)

    def put(self, name: str, value: Any, line: int, column: str) -> None:
        """Set one top-level field and note its cell."""
        self.raw[name] = value
        self.origins[name] = (line, column)

    def add_image(self, reference: str, line: int, column: str) -> None:
        """Add an image file of the seller's, once; a URL is never fetched, so not a photo."""
        images = self.raw.setdefault("images", [])
        reference = reference.strip()
        if reference and not _REMOTE.match(reference) and reference not in images:
            self.origins[f"images.{len(images)}"] = (line, column)
            images.append(reference)

    def origin(self, path: str | None) -> tuple[int, str | None]:
        """The line and column of a field path, or of its nearest parent that has one."""
        parts = _INDEX.sub(r".\1", path or "").split(".")
        for end in range(len(parts), 0, -1):
            found = self.origins.get(".".join(parts[:end]))
            if found:
                return found
        return self.line, None


# A reader's turn: (header, rows, limits) -> (line, record or why it is refused) per record.
RecordsOf = Callable[
    [list[str], Iterator[Row | RecordError], InputLimits],
    Iterable[tuple[int, Record | RecordError]],
]


def checked(record: Record, photos: Photos, settings: Settings) -> Parsed:
    """The record as a Product (batch.catalog.read_object's checks), or its error at the line
    and column of the value at fault."""
    product, error = read_object(record.line, record.raw, photos, settings)
    if error is None:
        return product, None
    line, column = record.origin(error.field)
    return None, replace(error, line=line, column=column)


def _parse(line: int, item: Record | RecordError, photos: Photos, settings: Settings) -> Parsed:
    return (None, item) if isinstance(item, RecordError) else checked(item, photos, settings)


def read_records(
    path: Path, settings: Settings, records_of: RecordsOf, delimiter: str | None = None
) -> tuple[list[Product], list[RecordError]]:
    """Every good product and every bad record of a table file, whose header and rows
    `records_of` turns into records (it raises a CatalogError for a header it cannot use)."""
    limits = settings.input_limits
    photos = LocalPhotos(path.parent, limits.image_bytes)
    with path.open("rb") as handle:
        header, rows = read_table(handle, limits, delimiter)
        return gather(
            records_of(header, rows, limits),
            partial(_parse, photos=photos, settings=settings),
            limits.records_per_job,
        )
