"""Read catalogue records (JSONL lines, or the JSON objects of a service batch) into Products;
every bad record is reported by line (or index) and field, in one line, and the rest is read."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic import ValidationError

from listingsmith.batch.bounds import oversized
from listingsmith.batch.encoding import utf8_lines
from listingsmith.batch.jsondepth import nesting_depth
from listingsmith.batch.photos import LocalPhotos, PhotoRefused, Photos
from listingsmith.config import InputLimits, Settings
from listingsmith.domain import Product
from listingsmith.images import check_image
from listingsmith.taxonomy.catalog import known_category_id
from listingsmith.text.markets import marketplace_id
from listingsmith.videos import check_video

# Characters of a seller's value (sku, field name) and of a message quoted back in an error.
QUOTE_CHARS = 80
MESSAGE_CHARS = 300

# Characters that would break a one-line error: C0/C1 controls and Unicode line separators,
# and half a UTF-16 surrogate pair (JSON's "\ud800"), which no UTF-8 text can carry.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_HALF_PAIR = re.compile("[\ud800-\udfff]")

Item = TypeVar("Item")
Parsed = tuple[Product | None, "RecordError | None"]


def clip(text: str, chars: int = QUOTE_CHARS) -> str:
    """The text on one line (control characters and line separators escaped), cut to `chars`
    characters (an ellipsis marks the cut)."""
    text = _CONTROL.sub(lambda found: repr(found.group())[1:-1], text[: chars * 6])
    return text if len(text) <= chars else text[: chars - 1] + "…"


@dataclass(frozen=True)
class RecordError:
    """Why one catalogue record was skipped (`line`: the file line, or the batch index; `column`:
    the header of the cell at fault, in a table such as a CSV)."""

    line: int
    sku: str | None
    field: str | None
    message: str
    column: str | None = None

    def __post_init__(self) -> None:
        """Quote at most a few characters of what the seller sent."""
        for name, chars in (
            ("sku", QUOTE_CHARS),
            ("field", QUOTE_CHARS),
            ("message", MESSAGE_CHARS),
            ("column", QUOTE_CHARS),
        ):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, clip(value, chars))

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (sku {self.sku})" if self.sku else "")
        column = f", column {self.column}" if self.column else ""
        return f"{where}{column}, field {self.field or '-'}: {self.message}"


def _field_of(error: ValidationError) -> str:
    first = error.errors()[0]
    return ".".join(str(part) for part in first["loc"]) or "-"


def _half_pair(value: Any, path: str) -> str | None:
    """The field path of the first text (a value or a key) holding half a UTF-16 surrogate
    pair, which JSON's escapes can write and no UTF-8 output can carry; None when none does."""
    if isinstance(value, str):
        return path if _HALF_PAIR.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _HALF_PAIR.search(key):
                return inner
            if found := _half_pair(item, inner):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := _half_pair(item, f"{path}[{index}]"):
                return found
    return None


def read_object(line_no: int, raw: Any, photos: Photos, settings: Settings) -> Parsed:
    """One decoded record -> a Product whose images and videos are checked files and whose
    marketplace is a known id, or the error naming the field (types, marketplace, seller limits,
    photos, videos)."""
    if not isinstance(raw, dict):
        return None, RecordError(line_no, None, None, "a record must be a JSON object")
    sku = raw.get("sku") if isinstance(raw.get("sku"), str) else None
    if half := _half_pair(raw, ""):
        return None, RecordError(line_no, sku, half, "holds half a UTF-16 surrogate pair: no text")
    try:
        product = Product.model_validate(raw)
    except ValidationError as error:
        return None, RecordError(line_no, sku, _field_of(error), error.errors()[0]["msg"])
    if control := _CONTROL.search(product.sku):  # PostgreSQL's text holds no NUL: a job failed
        shown = repr(control.group())[1:-1]
        return None, RecordError(line_no, sku, "sku", f"holds a control character ({shown})")
    if not product.sku.strip():
        return None, RecordError(line_no, sku, "sku", "is blank")
    if product.category_id and not known_category_id(product.category_id):
        return None, RecordError(line_no, sku, "category_id", "not a product taxonomy category id")
    try:  # Amazon, amazon.de -> amazon: the id the packs' scopes name, or refused
        product = product.model_copy(update={"marketplace": marketplace_id(product.marketplace)})
    except ValueError as error:
        return None, RecordError(line_no, sku, "marketplace", str(error))
    too_big = oversized(product, settings.input_limits)
    if too_big:
        return None, RecordError(line_no, sku, *too_big)
    images, problem = _media(
        product.images,
        "images",
        photos.path,
        partial(check_image, max_pixels=settings.max_image_pixels),
    )
    if problem:
        return None, RecordError(line_no, sku, *problem)
    videos, problem = _media(
        product.videos, "videos", photos.video, partial(check_video, settings=settings.video)
    )
    if problem:
        return None, RecordError(line_no, sku, *problem)
    return product.model_copy(update={"images": images, "videos": videos}), None


def _media(
    names: list[str],
    field: str,
    locate: Callable[[str], Path],
    check: Callable[[Path], str | None],
) -> tuple[list[str], tuple[str, str] | None]:
    """A record's photo or video files, each located (confined) and checked, or the first
    problem as (field with its index, message)."""
    paths = []
    for index, name in enumerate(names):
        try:
            path = locate(name)
        except PhotoRefused as refused:
            return [], (f"{field}[{index}]", str(refused))
        problem = check(path)
        if problem:
            return [], (f"{field}[{index}]", problem)
        paths.append(str(path))
    return paths, None


def parse_record(line_no: int, line: bytes, photos: Photos, settings: Settings) -> Parsed:
    """One JSONL line -> a Product, or the error: whatever `decode_line` or `read_object`
    finds."""
    raw, error = decode_line(line_no, line, settings.input_limits)
    return (None, error) if error else read_object(line_no, raw, photos, settings)


def decode_line(line_no: int, line: bytes, limits: InputLimits) -> tuple[Any, RecordError | None]:
    """One JSONL line -> its JSON value, or the error: too long, not UTF-8, nested too deeply,
    not JSON."""
    if len(line) > limits.record_bytes:
        return None, RecordError(
            line_no, None, None, f"record is longer than {limits.record_bytes} bytes"
        )
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, RecordError(line_no, None, None, f"not valid UTF-8 at byte {error.start + 1}")
    # Fewer opening brackets than the limit (strings included) cannot nest past it: most lines.
    opened = text.count("[") + text.count("{")
    if opened > limits.json_depth and nesting_depth(text) > limits.json_depth:
        return None, RecordError(
            line_no, None, None, f"JSON is nested deeper than {limits.json_depth} levels"
        )
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, RecordError(line_no, None, None, f"not valid JSON: {error.msg}")
    except ValueError as error:  # an integer of more digits than Python converts
        return None, RecordError(line_no, None, None, f"not valid JSON: {error}")


def parse_batch_record(index: int, raw: Any, photos: Photos, settings: Settings) -> Parsed:
    """One record of a service JSON batch -> a Product, or the error; its size is that of its
    JSON without its images (inline photos are bounded as photos)."""
    limits = settings.input_limits
    measured = {**raw, "images": []} if isinstance(raw, dict) else raw
    size = len(json.dumps(measured, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if size > limits.record_bytes:
        return None, RecordError(
            index, None, None, f"record is longer than {limits.record_bytes} bytes"
        )
    return read_object(index, raw, photos, settings)


def read_lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes]]:
    """(line number, line) per non-blank line as UTF-8, without its line break or byte-order
    mark (UTF-16 and UTF-32 with one decoded: `encoding.utf8_lines`); a line over `max_bytes`
    comes cut to `max_bytes + 1` bytes (its rest is skipped, never held in memory)."""
    line_no = 0
    source = utf8_lines(handle)
    while line := source.readline(max_bytes + 2):
        line_no += 1
        if len(line) >= max_bytes + 2 and not line.endswith(b"\n"):
            while (rest := source.readline(max_bytes + 2)) and not rest.endswith(b"\n"):
                pass
        content = line.rstrip(b"\r\n")
        if len(content) > max_bytes:
            yield line_no, content[: max_bytes + 1]
        elif content.strip():
            yield line_no, content


def gather(
    items: Iterable[tuple[int, Item]], parse: Callable[[int, Item], Parsed], max_records: int
) -> tuple[list[Product], list[RecordError]]:
    """The good products and every bad record of one catalogue or batch: a repeated sku is an
    error (its copies would share one checkpoint thread); past `max_records` nothing is read."""
    products: list[Product] = []
    errors: list[RecordError] = []
    seen: set[str] = set()
    for count, (where, item) in enumerate(items, start=1):
        if count > max_records:
            errors.append(
                RecordError(
                    where, None, None, f"more than {max_records} records; the rest is not read"
                )
            )
            break
        product, error = parse(where, item)
        if product is not None and product.sku in seen:
            error = RecordError(
                where, product.sku, "sku", "duplicate sku: an earlier record has it"
            )
        if error:
            errors.append(error)
        elif product is not None:
            seen.add(product.sku)
            products.append(product)
    return products, errors


def read_catalog(path: Path, settings: Settings) -> tuple[list[Product], list[RecordError]]:
    """Every good product of a JSONL catalogue and every bad record; images are read relative
    to the catalogue's folder."""
    limits = settings.input_limits
    photos = LocalPhotos(path.parent, limits.image_bytes, limits.video_bytes)
    with path.open("rb") as handle:
        return gather(
            read_lines(handle, limits.record_bytes),
            partial(parse_record, photos=photos, settings=settings),
            limits.records_per_job,
        )
