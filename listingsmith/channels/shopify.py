"""The Shopify product CSV (classic and current headers): the rows of one handle are one product,
its first titled row carrying the product's fields and every row its variants and images. Body
HTML is read as text by html-text (lxml's parser, scripts and styles dropped; text/markup.py),
and HTML nested too deep to be read whole is an error naming its cell, never an empty text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from listingsmith.batch.catalog import RecordError
from listingsmith.channels.records import Record
from listingsmith.channels.table import CatalogError, Row, first_present, header_key, headers_by_key
from listingsmith.config import InputLimits
from listingsmith.lexicons import load_data
from listingsmith.taxonomy.catalog import category, category_by_path
from listingsmith.text.markup import MarkupError, markup_text

_GTIN = re.compile(r"\d{8}|\d{12,14}")


@cache
def spec() -> dict[str, Any]:
    """shopify.yaml: the columns read, by their classic and current headers."""
    return load_data(__package__, "shopify.yaml")


@dataclass(frozen=True)
class ShopifyColumns:
    """A Shopify header's columns: field -> header, (name, value) headers per option, and
    attribute -> header (Google Shopping columns and product metafields)."""

    fields: dict[str, str]
    options: list[tuple[str, str]]
    attributes: dict[str, str]

    def cell(self, row: Row, name: str) -> str:
        """The row's cell of a field, stripped; empty when the file lacks the column."""
        column = self.fields.get(name)
        return row.cells[column].strip() if column else ""


def shopify_columns(header: list[str]) -> ShopifyColumns:
    """The columns of a Shopify header; a CatalogError when it lacks a handle or title."""
    by_key = headers_by_key(header)
    fields = {
        name: column
        for name, aliases in spec()["columns"].items()
        if (column := first_present(aliases, by_key))
    }
    missing = [name for name in spec()["required"] if name not in fields]
    if missing:
        wanted = " or ".join(spec()["columns"][missing[0]])
        raise CatalogError(f"the Shopify header has no {wanted} column")
    options = [
        (by_key[name], by_key[value])
        for n in range(1, spec()["options"] + 1)
        if (name := header_key(spec()["option_name"].format(n=n))) in by_key
        and (value := header_key(spec()["option_value"].format(n=n))) in by_key
    ]
    return ShopifyColumns(fields, options, _attribute_columns(header))


def is_shopify(header: list[str]) -> bool:
    """Whether a CSV header is a Shopify product CSV's (it has a handle and a title column)."""
    by_key = headers_by_key(header)
    return all(first_present(spec()["columns"][name], by_key) for name in spec()["required"])


def _attribute_columns(header: list[str]) -> dict[str, str]:
    """Attribute name -> column for Google Shopping attribute columns and product metafields."""
    google = spec()["google_shopping"]
    prefix = header_key(google["prefix"])
    names = {header_key(k): v for k, v in google["attributes"].items()}
    metafield = re.compile(spec()["metafield"])
    found: dict[str, str] = {}
    for column in header:
        key = header_key(column)
        rest = key[len(prefix) :].strip() if key.startswith(prefix) else ""
        if rest in names:
            found.setdefault(names[rest], column)
        elif match := metafield.fullmatch(column.strip()):
            label = match.group("label") or re.sub(r"[-_]", " ", match.group("key"))
            found.setdefault(" ".join(label.split()), column)
    return found


def grouped(
    rows: Iterator[Row | RecordError], columns: ShopifyColumns, limits: InputLimits
) -> list[tuple[int, list[Row] | RecordError]]:
    """(first line, the handle's rows or why they are refused) per handle, in first-seen order;
    a row without a handle continues the row before it."""
    groups: dict[str, list[Row] | RecordError] = {}
    alone: list[RecordError] = []
    handle = ""
    most = limits.list_items + limits.images_per_record
    for row in rows:
        if isinstance(row, RecordError):
            alone.append(row)
            continue
        handle = columns.cell(row, "handle") or handle
        if not handle:
            alone.append(
                RecordError(row.line, None, "sku", "row has no handle", columns.fields["handle"])
            )
            continue
        group = groups.setdefault(handle, [])
        if isinstance(group, list) and len(group) >= most:
            groups[handle] = RecordError(group[0].line, handle, None, f"more than {most} rows")
        elif isinstance(group, list):
            group.append(row)
        if len(groups) > limits.records_per_job:
            break
    found = [(e.line, e) for e in alone]
    found += [(g.line if isinstance(g, RecordError) else g[0].line, g) for g in groups.values()]
    return sorted(found, key=lambda pair: pair[0])


def product_record(rows: list[Row], columns: ShopifyColumns) -> Record | RecordError:
    """One handle's rows as a record: the product fields of its first titled row, the images
    of every row (a URL is not fetched: not a photo), the variants of every row."""
    handle = columns.cell(rows[0], "handle")
    head = next((row for row in rows if columns.cell(row, "title")), None)
    if head is None:
        return RecordError(
            rows[0].line,
            handle,
            "title",
            "no row of this handle has a title",
            columns.fields["title"],
        )
    record = Record(head.line)
    record.put("sku", handle, rows[0].line, columns.fields["handle"])
    record.put("title", columns.cell(head, "title"), head.line, columns.fields["title"])
    refused = _describe(record, head, columns)
    if refused is not None:
        return refused
    _classify(record, head, columns)
    record.raw["attributes"] = _attributes(record, head, columns)
    for row in rows:
        record.add_image(columns.cell(row, "image"), row.line, columns.fields.get("image", ""))
    variants = _variants(record, rows, columns)
    if isinstance(variants, RecordError):
        return variants
    record.raw["variants"] = variants
    _gtin(record, variants)
    return record


def _describe(record: Record, head: Row, columns: ShopifyColumns) -> RecordError | None:
    """The description: the body HTML as text, else the SEO description; an error naming the
    cell when its HTML cannot be read whole."""
    for name in ("body", "seo_description"):
        try:
            text = markup_text(columns.cell(head, name))
        except MarkupError as error:
            handle = columns.cell(head, "handle")
            return RecordError(head.line, handle, "description", str(error), columns.fields[name])
        if text:
            record.put("description", text, head.line, columns.fields[name])
            return None
    return None


def _classify(record: Record, head: Row, columns: ShopifyColumns) -> None:
    """Brand from the vendor; category from the type, else the product category's name; the
    taxonomy id when the product category names a taxonomy category."""
    if vendor := columns.cell(head, "vendor"):
        record.put("brand", vendor, head.line, columns.fields["vendor"])
    product_category = columns.cell(head, "product_category")
    category_id = category_by_path(product_category) if product_category else None
    if category_id:
        record.put("category_id", category_id, head.line, columns.fields["product_category"])
    kind = columns.cell(head, "type")
    if kind:
        record.put("category", kind, head.line, columns.fields["type"])
    elif product_category:
        name = category(category_id).names["en"] if category_id else product_category
        record.put(
            "category",
            name.rpartition(">")[2].strip(),
            head.line,
            columns.fields["product_category"],
        )


def _attributes(record: Record, head: Row, columns: ShopifyColumns) -> dict[str, str]:
    """Tags, Google Shopping attributes and product metafields of the product's row."""
    found: dict[str, str] = {}
    cells = [(spec()["tags_attribute"], columns.fields.get("tags"))]
    for name, column in [*cells, *columns.attributes.items()]:
        value = _metafield_text(head.cells[column]) if column else ""
        if value:
            found[name] = value
            record.origins[f"attributes.{name}"] = (head.line, column)
    return found


def _metafield_text(cell: str) -> str:
    """A cell as attribute text: a JSON list as its entries joined; a reference to another
    Shopify object (gid://...) says nothing about the product and is left out."""
    text = cell.strip()
    if text.startswith("["):
        try:
            entries = json.loads(text)
        except ValueError:
            entries = None
        if isinstance(entries, list) and all(isinstance(e, str) for e in entries):
            text = ", ".join(e for e in entries if not e.startswith("gid://"))
    return "" if text.startswith("gid://") else text


def _variants(record: Record, rows: list[Row], columns: ShopifyColumns) -> list[dict] | RecordError:
    """A variant per row that has option values, a SKU or a barcode; each option's name is the
    first one its rows give (Shopify's default "Title: Default Title" is no option)."""
    names = [
        next((row.cells[column].strip() for row in rows if row.cells[column].strip()), "")
        for column, _ in columns.options
    ]
    default = (spec()["default_option"]["name"], spec()["default_option"]["value"])
    where = columns.fields.get("sku") or columns.fields["handle"]
    variants: list[dict] = []
    for row in rows:
        options: dict[str, str] = {}
        for name, (_, column) in zip(names, columns.options, strict=True):
            value = row.cells[column].strip()
            if value and not name:
                handle = columns.cell(rows[0], "handle")
                return RecordError(
                    row.line, handle, "variants", "option value without a name", column
                )
            if value and (name, value) != default:
                options[name] = value
        sku, barcode = columns.cell(row, "sku"), columns.cell(row, "barcode")
        if options or sku or barcode:
            record.origins[f"variants.{len(variants)}"] = (row.line, where)
            image = columns.cell(row, "variant_image") or None
            variants.append(
                {"sku": sku or None, "barcode": barcode or None, "options": options, "image": image}
            )
    return variants


def _gtin(record: Record, variants: list[dict]) -> None:
    """The barcode of a product's only variant, when it is a GTIN, as its gtin attribute."""
    name = spec()["gtin_attribute"]
    attributes = record.raw["attributes"]
    if (
        len(variants) == 1
        and name not in attributes
        and _GTIN.fullmatch(variants[0]["barcode"] or "")
    ):
        attributes[name] = variants[0]["barcode"]
        record.origins[f"attributes.{name}"] = record.origins["variants.0"]


def shopify_records(
    header: list[str], rows: Iterator[Row | RecordError], limits: InputLimits
) -> list[tuple[int, Record | RecordError]]:
    """The Shopify reader's turn for channels.records.read_records: one record per handle (a
    CatalogError when the header lacks a handle or title column)."""
    columns = shopify_columns(header)
    return [
        (line, group if isinstance(group, RecordError) else product_record(group, columns))
        for line, group in grouped(rows, columns, limits)
    ]
