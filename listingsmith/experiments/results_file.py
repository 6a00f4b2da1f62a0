"""A results file (`experiment ingest`): CSV with experiment_id, variant_id, impressions, clicks
and orders per row (other columns ignored). Each bad row is one error naming its line and
column; the other rows are read. Rows of one variant add up (a file may hold one per day).
Read as the catalogue's tables are (channels.table): UTF-8, or UTF-8/UTF-16 with a byte-order
mark, the delimiter told by the header (Excel's semicolons and its `sep=;` line, tabs). An id
written as spreadsheet text (`'=x`, as `experiment simulate` writes one) is read as it was."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass

from listingsmith.channels.table import BOMS, EXCEL_SEP, delimiter_of
from listingsmith.storage.experiments import VariantCounts
from listingsmith.text.cells import read_spreadsheet_text

KEYS = ("experiment_id", "variant_id")
COUNTS = ("impressions", "clicks", "orders")
HEADER = (*KEYS, *COUNTS)
# Characters of an id and digits of a count a row may hold.
ID_CHARS = 200
COUNT_DIGITS = 15


@dataclass(frozen=True)
class RowError:
    """Why one row (by its line in the file) was not read."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class ResultsFile:
    """What a file holds: totals per variant, the rows refused, its SHA-256."""

    counts: list[VariantCounts]
    errors: list[RowError]
    digest: str


class ResultsFileError(ValueError):
    """The file as a whole cannot be read (not text, no header, too many rows)."""


def _count(raw: str | None) -> int | None:
    text = (raw or "").strip()
    if not text.isdigit() or len(text) > COUNT_DIGITS:
        return None
    return int(text)


def _row(
    line: int, row: Mapping[str, str | None], known: Mapping[str, set[str]] | None
) -> tuple[str, str, tuple[int, ...]] | RowError:
    ids = [" ".join(read_spreadsheet_text(row.get(k) or "").split()) for k in KEYS]
    for key, value in zip(KEYS, ids, strict=True):
        if not value or len(value) > ID_CHARS:
            return RowError(line, key, f"needs an id of 1 to {ID_CHARS} characters")
    experiment, variant = ids
    if known is not None and experiment not in known:
        return RowError(line, "experiment_id", f"{experiment!r} is no experiment of the run")
    if known is not None and variant not in known[experiment]:
        return RowError(line, "variant_id", f"{variant!r} is no variant of {experiment}")
    values = []
    for name in COUNTS:
        value = _count(row.get(name))
        if value is None:
            shown = (row.get(name) or "")[:40]
            return RowError(line, name, f"{shown!r} is not a whole number >= 0")
        values.append(value)
    impressions, clicks, orders = values
    if clicks > impressions:
        return RowError(line, "clicks", f"{clicks} clicks exceed {impressions} impressions")
    if orders > clicks:
        return RowError(line, "orders", f"{orders} orders exceed {clicks} clicks")
    return experiment, variant, (impressions, clicks, orders)


def read_results(
    data: bytes, max_rows: int, known: Mapping[str, set[str]] | None = None
) -> ResultsFile:
    """The file's totals per variant and its bad rows; with `known` (experiment -> variant ids
    of a run), a row naming anything else is refused."""
    codec = next((name for bom, name in BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise ResultsFileError(f"not {codec.upper()} text (byte {error.start})") from None
    first, _, rest = text.partition("\n")
    named = EXCEL_SEP.fullmatch(first + "\n")
    if named:
        text, first = rest, rest.partition("\n")[0]
    delimiter = named.group(1) if named else delimiter_of(first)
    skipped = 1 if named else 0  # lines before the header, for the file's own line numbers
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    missing = [name for name in HEADER if name not in (reader.fieldnames or [])]
    if missing:
        raise ResultsFileError(f"the header lacks {', '.join(missing)} (needs {','.join(HEADER)})")
    totals: dict[tuple[str, str], list[int]] = {}
    errors = []
    try:
        for number, row in enumerate(reader, 1):
            if number > max_rows:
                raise ResultsFileError(f"more than {max_rows} rows")
            read = _row(reader.line_num + skipped, row, known)
            if isinstance(read, RowError):
                errors.append(read)
                continue
            experiment, variant, values = read
            total = totals.setdefault((experiment, variant), [0, 0, 0])
            total[:] = [a + b for a, b in zip(total, values, strict=True)]
    except csv.Error as error:
        raise ResultsFileError(f"line {reader.line_num + skipped}: {error}") from None
    counts = [VariantCounts(e, v, *t) for (e, v), t in totals.items()]
    return ResultsFile(counts, errors, hashlib.sha256(data).hexdigest())
