"""A generic CSV/TSV catalogue, one product per row, its columns mapped to a product's fields by
columns.yaml (or a seller's own mapping file over it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from listingsmith.batch.catalog import RecordError
from listingsmith.channels.records import Record, RecordsOf
from listingsmith.channels.table import CatalogError, Row, first_present, header_key, headers_by_key
from listingsmith.config import InputLimits
from listingsmith.lexicons import load_data

# A mapping file is a few lines: anything larger is not one.
MAPPING_BYTES = 64_000
# Product fields a column may fill as they are.
TEXT_FIELDS = frozenset(
    {
        "sku",
        "title",
        "description",
        "brand",
        "category",
        "category_id",
        "seller",
        "source_locale",
        "marketplace",
    }
)


class ListColumns(BaseModel):
    """A list field: columns holding several entries split on `separator`, and numbered
    columns ("bullet {n}") holding one entry each."""

    model_config = ConfigDict(extra="forbid")

    columns: list[str] = Field(default_factory=list)
    separator: str = Field(default="|", min_length=1)
    numbered: list[str] = Field(default_factory=list)

    @field_validator("numbered")
    @classmethod
    def _has_number(cls, value: list[str]) -> list[str]:
        if any("{n}" not in pattern for pattern in value):
            raise ValueError('a numbered column names its number as "{n}"')
        return value


class AttributeColumns(BaseModel):
    """Attribute columns: by header prefix (the rest is the name), or listed by header."""

    model_config = ConfigDict(extra="forbid")

    prefixes: list[str] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)


class ColumnMap(BaseModel):
    """Which headers fill which product field (columns.yaml's shape)."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[str, list[str]]
    required: list[str] = Field(default_factory=lambda: ["sku", "title"])
    bullets: ListColumns = Field(default_factory=ListColumns)
    images: ListColumns = Field(default_factory=ListColumns)
    protected_terms: ListColumns = Field(default_factory=ListColumns)
    attributes: AttributeColumns = Field(default_factory=AttributeColumns)

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - TEXT_FIELDS)
        if unknown:
            raise ValueError(f"not a product field: {', '.join(unknown)}")
        return value


def column_map(path: Path | None = None) -> ColumnMap:
    """The shipped mapping, with a seller's file (`--columns`) over it: each key it gives
    replaces the shipped one (`fields` entry by entry). A CatalogError names what is wrong."""
    shipped = load_data(__package__, "columns.yaml")
    if path is None:
        return ColumnMap.model_validate(shipped)
    if path.stat().st_size > MAPPING_BYTES:
        raise CatalogError(f"columns file is larger than {MAPPING_BYTES} bytes")
    try:
        given = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CatalogError(f"columns file is not YAML: {' '.join(str(error).split())}") from error
    if not isinstance(given, dict):
        raise CatalogError("columns file must be a mapping of keys (fields, bullets, ...)")
    merged = {**shipped, **given, "fields": {**shipped["fields"], **(given.get("fields") or {})}}
    try:
        return ColumnMap.model_validate(merged)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CatalogError(f"columns file, {where}: {first['msg']}") from error


class ResolvedColumns:
    """A ColumnMap against one header: the column of each field, list and attribute."""

    def __init__(self, mapping: ColumnMap, header: list[str]) -> None:
        by_key = headers_by_key(header)
        self.fields = {
            name: column
            for name, aliases in mapping.fields.items()
            if (column := first_present(aliases, by_key))
        }
        missing = [name for name in mapping.required if name not in self.fields]
        if missing:
            wanted = "; ".join(
                f"{m} (one of: {', '.join(mapping.fields.get(m, []))})" for m in missing
            )
            raise CatalogError(f"the header has no column for {wanted}")
        self.lists = {
            name: _list_columns(getattr(mapping, name), by_key)
            for name in ("bullets", "images", "protected_terms")
        }
        self.attributes = _attribute_columns(mapping.attributes, header, set(self.fields.values()))


def _list_columns(spec: ListColumns, by_key: dict[str, str]) -> list[tuple[str, str | None]]:
    """(column, separator) per column of a list field, split ones first, numbered in order."""
    found = [(by_key[k], spec.separator) for k in map(header_key, spec.columns) if k in by_key]
    numbered: list[tuple[int, str]] = []
    for pattern in spec.numbered:
        regex = re.compile(re.escape(header_key(pattern)).replace(r"\{n\}", r"(\d{1,3})"))
        numbered += [(int(m.group(1)), by_key[k]) for k in by_key if (m := regex.fullmatch(k))]
    return found + [(column, None) for _, column in sorted(numbered)]


def _attribute_columns(
    spec: AttributeColumns, header: list[str], taken: set[str]
) -> dict[str, str]:
    """Attribute name -> column, for prefixed and listed headers not already a field's."""
    listed = {header_key(name) for name in spec.columns}
    prefixes = [header_key(p) for p in spec.prefixes]
    found: dict[str, str] = {}
    for column in header:
        key = header_key(column)
        if column in taken or not key:
            continue
        prefix = next((p for p in prefixes if key.startswith(p) and len(key) > len(p)), None)
        if prefix:  # the header's own case, as header_key spaces it
            found.setdefault(" ".join(column[len(prefix) :].replace("_", " ").split()), column)
        elif key in listed:
            found.setdefault(column, column)
    return found


def row_record(row: Row, columns: ResolvedColumns) -> Record:
    """One row's fields, each noted with its column; empty cells are left out."""
    record = Record(row.line)
    for name, column in columns.fields.items():
        record.origins[name] = (row.line, column)
        value = row.cells[column].strip()
        if value:
            record.raw[name] = value
    for name, sources in columns.lists.items():
        for column, separator in sources:
            cell = row.cells[column].strip()
            parts = cell.split(separator) if separator else [cell]
            for part in filter(None, (p.strip() for p in parts)):
                if name == "images":
                    record.add_image(part, row.line, column)
                    continue
                entries = record.raw.setdefault(name, [])
                record.origins.setdefault(name, (row.line, column))  # "more than N entries"
                record.origins[f"{name}.{len(entries)}"] = (row.line, column)
                entries.append(part)
    attributes: dict[str, Any] = {}
    for name, column in columns.attributes.items():
        value = row.cells[column].strip()
        if value:
            attributes[name] = value
            record.origins[f"attributes.{name}"] = (row.line, column)
    if attributes:
        record.raw["attributes"] = attributes
    return record


def generic_records(mapping: ColumnMap) -> RecordsOf:
    """The generic reader's turn for channels.records.read_records: one record per row, its
    columns resolved against the header (a CatalogError when a required one is missing)."""

    def records_of(
        header: list[str], rows: Iterator[Row | RecordError], limits: InputLimits
    ) -> Iterator[tuple[int, Record | RecordError]]:
        columns = ResolvedColumns(mapping, header)
        return (
            (row.line, row if isinstance(row, RecordError) else row_record(row, columns))
            for row in rows
        )

    return records_of
