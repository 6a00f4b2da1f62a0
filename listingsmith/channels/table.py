"""A table catalogue (CSV, TSV, Excel's semicolon CSV, an Amazon flat file) as rows of cells by
their headers, each with the file line it starts on: the encoding from its byte-order mark
(UTF-8 or UTF-16; UTF-8 without one), the delimiter from its header, every size bounded. Cells
are text: nothing in one is evaluated (a formula-looking "=SUM(A1)" stays those characters)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from listingsmith.batch.catalog import RecordError
from listingsmith.config import InputLimits

# Byte-order marks and the codec that reads past them.
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Delimiters a header is tried with, the first winning a tie.
DELIMITERS = ",;\t|"
# Excel's optional first line naming the delimiter ("sep=;").
EXCEL_SEP = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)
# An Amazon flat file (inventory file template saved as text): its first line is the template's
# settings ("TemplateType=fptcustom<TAB>Version=..."), the second the columns' labels for people
# ("Seller SKU", "Key Product Features" five times), the third their attribute names (item_sku,
# bullet_point1, ...), which is the header read; the rows follow.
_AMAZON_TEMPLATE = re.compile(r"\ufeff?TemplateType=", re.IGNORECASE)
# A line break inside a quoted cell, as Windows or old Macs write it.
_NEWLINES = re.compile(r"\r\n?")
# What stands for bytes that do not decode (a lone surrogate: no text has one), and its handler.
UNDECODED = "\udcff"
codecs.register_error("listingsmith.undecoded", lambda error: (UNDECODED, error.end))


class CatalogError(ValueError):
    """A catalogue that cannot be read at all (format, encoding, header); a one-line message."""


@dataclass(frozen=True)
class Row:
    """One row: the file line it starts on and its cells by header (the first of a repeated
    header; a short row's missing cells are empty)."""

    line: int
    cells: dict[str, str]


class _Lines:
    """The file's lines, each cut to the row limit (the rest of an overlong line skipped), with
    the count read, the bytes and cuts since the last row, and whether the end was reached."""

    def __init__(self, text: io.TextIOBase, limit: int) -> None:
        self.text, self.limit = text, limit
        self.count = 0
        self.size = 0
        self.cut = False
        self.ended = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            self.ended = True
            raise StopIteration
        self.count += 1
        if len(line) > self.limit and not line.endswith(("\n", "\r")):
            self.cut = True
            while (rest := self.text.readline(self.limit + 1)) and not rest.endswith("\n"):
                pass
            line += "\n"
        self.size += len(line.encode("utf-8", "surrogateescape"))
        return line

    def next_row(self) -> None:
        """Start counting the next row's bytes."""
        self.size, self.cut = 0, False


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


def text_of(handle: BinaryIO) -> io.TextIOWrapper:
    """The file as text in the encoding its byte-order mark names (UTF-8 without one); a byte
    that does not decode becomes a marker that the row's check names by column."""
    start = handle.read(4)
    handle.seek(0)
    encoding = next((name for bom, name in BOMS if start.startswith(bom)), "utf-8")
    return io.TextIOWrapper(handle, encoding=encoding, errors="listingsmith.undecoded", newline="")


def delimiter_of(header: str) -> str:
    """The delimiter that splits the header line into the most columns (a tie: the earliest of
    comma, semicolon, tab, bar)."""
    counts = [(len(next(csv.reader([header], delimiter=d), [])), d) for d in DELIMITERS]
    return max(counts, key=lambda pair: (pair[0], -DELIMITERS.index(pair[1])))[1]


def read_table(
    handle: BinaryIO, limits: InputLimits, delimiter: str | None = None
) -> tuple[list[str], Iterator[Row | RecordError]]:
    """The header and the rows (or why a row is refused) of a table file; a CatalogError when
    it has no header or more columns than the limit. Blank rows are skipped."""
    lines = _Lines(text_of(handle), limits.record_bytes)
    first = next(lines, "")
    named = EXCEL_SEP.fullmatch(first)
    if named:
        delimiter, first = named.group(1), next(lines, "")
    if _AMAZON_TEMPLATE.match(first):  # the labels' line, then the attribute names' header
        next(lines, "")
        first = next(lines, "")
    if not first.strip():
        raise CatalogError("the file has no header line")
    delimiter = delimiter or delimiter_of(first)
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    try:
        header = [" ".join(cell.split()) for cell in next(reader)]
    except csv.Error as error:
        raise CatalogError(f"the header line is not readable: {error}") from error
    if len(header) > limits.columns:
        raise CatalogError(f"the header has more than {limits.columns} columns")
    if not any(header):
        raise CatalogError("the header line names no column")
    return header, _rows(reader, lines, header, limits)


def _chain(first: str, lines: _Lines) -> Iterator[str]:
    yield first
    yield from lines


def _rows(
    reader: Iterator[list[str]], lines: _Lines, header: list[str], limits: InputLimits
) -> Iterator[Row | RecordError]:
    """Each row after the header; a malformed file (a quote never closed, a cell over the CSV
    reader's limit) ends the reading with the error at its line (a quote never closed: at the
    line it opens on, naming its column)."""
    end = lines.count
    while True:
        lines.next_row()
        start = end + 1
        try:
            cells = next(reader, None)
        except csv.Error as error:
            yield RecordError(
                start, None, None, f"not readable as CSV ({error}); the rest is not read"
            )
            return
        if cells is None:
            return
        if lines.ended:  # the reader only asks past the last line from inside a quoted cell
            yield _unclosed(start, cells, header)
            return
        end = lines.count
        if any(cell.strip() for cell in cells):
            yield _row(start, cells, header, lines, limits)


def _unclosed(line: int, cells: list[str], header: list[str]) -> RecordError:
    """The error of a row whose last quoted cell never closes: the CSV reader took every line
    after it into that cell."""
    column = header[len(cells) - 1] if 0 < len(cells) <= len(header) else None
    why = "a quoted cell never closes; this row and the rest of the file are not read"
    return RecordError(line, None, None, why, column)


def _row(
    line: int, cells: list[str], header: list[str], lines: _Lines, limits: InputLimits
) -> Row | RecordError:
    """The row's cells by header, or why it is refused: too long, more cells than the header,
    a cell that is not valid text in the file's encoding."""
    if lines.cut or lines.size > limits.record_bytes:
        return RecordError(line, None, None, f"row is longer than {limits.record_bytes} bytes")
    if len(cells) > len(header):
        return RecordError(
            line, None, None, f"row has {len(cells)} cells; the header has {len(header)}"
        )
    for name, cell in zip(header, cells, strict=False):
        if UNDECODED in cell:
            return RecordError(line, None, None, "not valid text in the file's encoding", name)
    named: dict[str, str] = {}
    for name, cell in zip(header, cells + [""] * (len(header) - len(cells)), strict=True):
        named.setdefault(name, _NEWLINES.sub("\n", cell))
    return Row(line, named)
