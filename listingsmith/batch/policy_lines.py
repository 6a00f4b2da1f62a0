"""Listings checked against the policy packs alone (`policies check`, `eval --task policies`):
a JSONL file of listings, each with its locale, marketplace and typed attributes, or one JSON
listing; one result per line, a bad line as its one-line error, the exit code of the worst."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from listingsmith.batch.catalog import RecordError, decode_line, read_lines
from listingsmith.batch.encoding import BYTE_ORDER_MARKS
from listingsmith.checks.policy import policy_findings, seller_context
from listingsmith.compose.facts import brand_among
from listingsmith.config import InputLimits, Settings
from listingsmith.domain import Draft, Finding, Severity, attribute_texts, not_finite
from listingsmith.policies.engine import read_ahead
from listingsmith.policies.packs import load_packs
from listingsmith.policies.paraphrase import classify_ahead
from listingsmith.policies.rules import RuleContext
from listingsmith.taxonomy.catalog import known_category_id, scope_category
from listingsmith.text.languages import language_of
from listingsmith.text.markets import marketplace_id, region_locale

# The exit code of each verdict; a bad input line exits BAD_INPUT, which wins over them.
EXIT_CODES = {"clean": 0, "fix": 1, "blocked": 2}
BAD_INPUT = 3
# Lines checked together (results): their fields are read and classified first.
AHEAD_LINES = 64
# Files read as one listing per line; any other file is one JSON listing.
LINE_SUFFIXES = (".jsonl", ".ndjson")
# The keys of a listing line outside its text (a one-listing JSON file may hold them too).
LINE_KEYS = ("id", "locale", "marketplace", "brand", "category", "category_id", "attributes")


def taxonomy_id(value: str | None) -> str | None:
    """A category id of the shipped taxonomy, or an error naming it."""
    if value is not None and not known_category_id(value):
        raise ValueError(f"{value!r} is not a product taxonomy category id")
    return value


class InputError(ValueError):
    """A file that cannot be read as listings at all (none, empty, an undecodable encoding)."""


class ListingText(BaseModel):
    """The text of a listing as the packs check it."""

    model_config = ConfigDict(extra="forbid")

    title: str
    # Empty lists made, not copied: pydantic deep-copies a mutable default (5 µs a line).
    bullets: list[str] = Field(default_factory=list)
    description: str = ""
    keywords: list[str] = Field(default_factory=list)


class ListingLine(BaseModel):
    """One listing to check: where it is sold and the seller's attributes (text, numbers,
    true/false; null is a missing attribute). Other keys (a corpus case's labels) are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    locale: Annotated[str, AfterValidator(region_locale)]
    marketplace: Annotated[str, AfterValidator(marketplace_id)]
    brand: str | None = None
    category: str | None = None
    # The product's category in the shipped taxonomy ("fb-2-4-8"): what a pack's taxonomy scope
    # reads (food is outside the GPSR), as it is in a run after categorize.
    category_id: Annotated[str | None, AfterValidator(taxonomy_id)] = None
    listing: ListingText
    attributes: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id", mode="before")
    @classmethod
    def _number_id(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("attributes")
    @classmethod
    def _typed(cls, value: dict[str, Any]) -> dict[str, Any]:
        """Names with underscores read as spaces; values text, numbers, true/false or null (a
        missing attribute: dropped, so it never hides a value given under another spelling)."""
        out = {}
        for name, item in value.items():
            if item is None:
                continue
            scalar = isinstance(item, str | int | float | bool)
            if not scalar and not (
                isinstance(item, list) and all(isinstance(v, str) for v in item)
            ):
                raise ValueError(
                    f"attribute {name!r} is a {type(item).__name__}; expected text, a number, "
                    "true/false or null"
                )
            if isinstance(item, float) and not math.isfinite(item):
                raise ValueError(not_finite(name, item))
            out[" ".join(name.replace("_", " ").split())] = item
        return out


def read_listings(path: Path, limits: InputLimits) -> Iterator[tuple[int, Any, RecordError | None]]:
    """(line, JSON value, error) per listing of a JSONL file (blank lines skipped) or of a
    one-listing JSON file; an InputError when the file holds no listing or cannot be decoded."""
    name = path.name
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"{name}: cannot be read: {error.strerror or error}") from error
    with handle:
        text = _utf8(handle, name)
        if path.suffix.casefold() not in LINE_SUFFIXES:
            yield _one_listing(text.read(limits.record_bytes + 1), name, limits)
            return
        empty = True
        for number, line in read_lines(text, limits.record_bytes):
            empty = False
            yield (number, *decode_line(number, line, limits))
        if empty:
            raise InputError(f"{name}: empty file: no listing")


def _utf8(handle: BinaryIO, name: str) -> BinaryIO:
    """The file as UTF-8 bytes: a UTF-8 byte-order mark skipped, UTF-16 or UTF-32 with one
    decoded; UTF-16 without one (NUL bytes between ASCII letters) refused."""
    head = handle.read(4)
    for mark, codec in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            if codec == "utf-8":
                handle.seek(len(mark))
                return handle
            data = head + handle.read()
            try:
                return io.BytesIO(data.decode(codec).encode("utf-8", "surrogatepass"))
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{name}: not valid {codec.upper()} at byte {error.start + 1}: {error.reason}"
                ) from error
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
        raise InputError(f"{name}: UTF-16 without a byte-order mark; save it as UTF-8")
    handle.seek(0)
    return handle


def _one_listing(
    data: bytes, name: str, limits: InputLimits
) -> tuple[int, Any, RecordError | None]:
    """A one-listing JSON file: a listing line, or the listing's own fields with `attributes`
    (and the other line keys) beside them."""
    if not data.strip():
        raise InputError(f"{name}: empty file: no listing")
    raw, error = decode_line(1, data, limits)
    if isinstance(raw, dict) and "listing" not in raw:
        raw = {
            "id": Path(name).stem,
            **{key: raw[key] for key in LINE_KEYS if key in raw},
            "listing": {key: value for key, value in raw.items() if key not in LINE_KEYS},
        }
    return 1, raw, error


Line = tuple[int, Any, RecordError | None]  # number, JSON value, error (read_listings)


def result_of(
    number: int,
    raw: Any,
    error: RecordError | None,
    defaults: dict[str, str],
    settings: Settings,
) -> dict[str, Any]:
    """The output line of one input line: its verdict, packs and findings, or its error.
    `defaults` fill the keys a line leaves out (the command's --locale and --marketplace)."""
    return _result(number, raw, *_listing_line(number, raw, error, defaults), settings)


def results(
    lines: Iterable[Line], defaults: dict[str, str], settings: Settings
) -> Iterator[dict[str, Any]]:
    """result_of of each line, in order, AHEAD_LINES lines at a time: the fields of a batch's
    listings are read (policies.engine.read_ahead: the reading and the phrase index's hits) and
    classified by the learned paraphrase detector (paraphrase.classify_ahead) one field after
    another, then each listing is checked, finding those done. Work of one kind on many fields
    in a row keeps its data (the model's weights, the index's automaton and word memos) in the
    processor's caches: text new to the process is checked faster (benchmarks/README.md). The
    output is result_of's, line for line; a line's result comes when its batch is checked. An
    error reading the lines (InputError) comes after the results of the lines read before it.
    A batch is small (AHEAD_LINES): its lines' objects live until it is checked, and more of
    them outliving the young collections brings full ones sooner."""
    lines = iter(lines)
    while True:
        batch: list[Line] = []
        try:
            for line in lines:
                batch.append(line)
                if len(batch) == AHEAD_LINES:
                    break
        except Exception:
            yield from (result_of(*line, defaults, settings) for line in batch)
            raise
        if not batch:
            return
        parsed = [
            (number, raw, *_listing_line(number, raw, error, defaults))
            for number, raw, error in batch
        ]
        drafts = [None if listing is None else _draft(listing) for _, _, listing, _ in parsed]
        fields = [
            (text, language_of(listing.locale))
            for (_, _, listing, _), draft in zip(parsed, drafts, strict=True)
            if listing is not None and draft is not None
            for text in draft.fields().values()
            if text
        ]
        read_ahead(fields)
        if settings.paraphrase_claims:
            classify_ahead(fields)
        for (number, raw, listing, error), draft in zip(parsed, drafts, strict=True):
            yield _result(number, raw, listing, error, settings, draft)


def _listing_line(
    number: int, raw: Any, error: RecordError | None, defaults: dict[str, str]
) -> tuple[ListingLine | None, RecordError | None]:
    """The line's listing, or its error."""
    return _parsed(number, raw, defaults) if error is None else (None, error)


def _result(
    number: int,
    raw: Any,
    listing: ListingLine | None,
    error: RecordError | None,
    settings: Settings,
    draft: Draft | None = None,
) -> dict[str, Any]:
    if listing is not None:
        return check(listing, settings, draft)
    assert error is not None
    given = raw.get("id") if isinstance(raw, dict) else None
    shown = str(given) if isinstance(given, str | int) and not isinstance(given, bool) else None
    return {"id": shown, "line": number, "error": str(error)}


def _parsed(
    number: int, raw: Any, defaults: dict[str, str]
) -> tuple[ListingLine | None, RecordError | None]:
    if not isinstance(raw, dict):
        return None, RecordError(number, None, None, f"expected a JSON object, got {_kind(raw)}")
    try:
        return ListingLine.model_validate({**defaults, **raw}), None
    except ValidationError as invalid:
        first = invalid.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        message = first["msg"].removeprefix("Value error, ")
        return None, RecordError(number, None, field, message)


def _kind(value: Any) -> str:
    """How a JSON value that is not an object reads in an error."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {list: "a list", str: "a string", int: "a number", float: "a number"}[type(value)]


def check(listing: ListingLine, settings: Settings, draft: Draft | None = None) -> dict[str, Any]:
    """One listing's verdict, the packs applied and every finding with its regime (pack id);
    `draft`: the listing's text as _draft makes it, where made already."""
    findings, packs = policy_findings(
        draft or _draft(listing),
        listing.locale,
        listing.marketplace,
        scope_category(listing.category, listing.category_id),
        line_context(listing),
        settings,
    )
    return {
        "id": listing.id,
        "locale": listing.locale,
        "marketplace": listing.marketplace,
        "verdict": verdict(findings),
        "packs": packs,
        "findings": [finding_line(found) for found in findings],
    }


def line_context(listing: ListingLine) -> RuleContext:
    """What the packs know of a line beyond its text: checks.policy.pack_context of the line's
    product and its seller attributes (attributes.text.seller_attributes: the product's
    attributes as text, then its brand), made from the line without those models, whose
    validation was a tenth of a new line (benchmarks/README.md)."""
    attributes = attribute_texts(listing.attributes)
    given = {name.lower().strip(): value for name, value in attributes.items()}
    if listing.brand:
        given["brand"] = listing.brand
    brand = brand_among(listing.brand, attributes.items())
    return seller_context(given, brand, listing.locale, None)


def finding_line(finding: Finding) -> dict[str, Any]:
    """A finding as an output line holds it, with its regime: its JSON values (a span as a
    list, the severity as its text), as pydantic's JSON dump of the model gives them, read from
    the attributes without the model's serializer (tests.unit.test_policies_tool compares)."""
    span = finding.span
    return {
        "rule_id": finding.rule_id,
        "severity": str(finding.severity),
        "locale": finding.locale,
        "field": finding.field,
        "span": None if span is None else list(span),
        "message": finding.message,
        "fix": finding.fix,
        "suggested_fix": finding.suggested_fix,
        "fixed": finding.fixed,
        "regime": regime_of(finding.rule_id),
    }


def _draft(listing: ListingLine) -> Draft:
    """The listing's text as the checks read it."""
    text = listing.listing
    return Draft(
        title=text.title, bullets=text.bullets, description=text.description, keywords=text.keywords
    )


def verdict(findings: list[Finding]) -> str:
    """blocked (a blocking finding), fix (one to fix), else clean (warnings allowed)."""
    severities = {f.severity for f in findings}
    if Severity.BLOCK in severities:
        return "blocked"
    return "fix" if Severity.FIX in severities else "clean"


def exit_code(line: dict[str, Any]) -> int:
    """The exit code one output line asks for."""
    return BAD_INPUT if "error" in line else EXIT_CODES[line["verdict"]]


def regime_of(rule_id: str) -> str:
    """The pack id of a rule; a rule outside the packs (learned.*) by its id's first part."""
    return _regimes().get(rule_id) or rule_id.split(".", 1)[0]


@cache
def _regimes() -> dict[str, str]:
    return {rule.id: pack.pack for pack in load_packs() for rule in pack.rules}
