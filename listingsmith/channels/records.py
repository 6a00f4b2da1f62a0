"""A record built from table cells, checked like a JSONL record (batch.catalog.read_object), its
errors named by the line and column the bad value came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from listingsmith.batch.catalog import Parsed, RecordError, read_object
from listingsmith.batch.photos import Photos
from listingsmith.config import Settings

# Image references this reader never fetches: only the catalogue's own files are photos.
_REMOTE = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_INDEX = re.compile(r"\[(\d+)\]")


def header_key(name: str) -> str:
    """A header as matched: case, underscores and runs of spaces ignored."""
    return " ".join(name.replace("_", " ").split()).casefold()


def headers_by_key(header: list[str]) -> dict[str, str]:
    """Each header by its key (header_key), the first of headers with the same key."""
    found: dict[str, str] = {}
    for name in header:
        found.setdefault(header_key(name), name)
    return found


def first_present(aliases: list[str], by_key: dict[str, str]) -> str | None:
    """The header of the first alias the header has, None when it has none."""
    return next((by_key[k] for k in map(header_key, aliases) if k in by_key), None)


def is_remote(reference: str) -> bool:
    """Whether an image reference is a URL (https://cdn...) rather than a file of the seller's."""
    return bool(_REMOTE.match(reference.strip()))


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

    def origin(self, path: str | None) -> tuple[int, str | None]:
        """The line and column of a field path, or of its nearest parent that has one."""
        parts = _INDEX.sub(r".\1", path or "").split(".")
        for end in range(len(parts), 0, -1):
            found = self.origins.get(".".join(parts[:end]))
            if found:
                return found
        return self.line, None


def checked(record: Record, photos: Photos, settings: Settings) -> Parsed:
    """The record as a Product (batch.catalog.read_object's checks), or its error at the line
    and column of the value at fault."""
    product, error = read_object(record.line, record.raw, photos, settings)
    if error is None:
        return product, None
    line, column = record.origin(error.field)
    return None, replace(error, line=line, column=column)


def cell_error(line: int, sku: str | None, column: str, message: str) -> RecordError:
    """A record refused for one cell, before it is built."""
    return RecordError(line, sku, None, message, column)
