"""A CSV file as its raw cells, so that replacing a few cells leaves every other byte as it was
(quoting, line ends, a BOM). The csv module gives values only and rewrites the rest."""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"
DELIMITERS = (",", ";", "\t")


@dataclass
class RawRow:
    """One record: its cells as written (quotes included) and the line end that closes it."""

    cells: list[str]
    end: str

    def value(self, index: int) -> str:
        """The value of cell `index` ("" past the row's end)."""
        return unquote(self.cells[index]) if index < len(self.cells) else ""


@dataclass
class RawTable:
    """A parsed CSV file: BOM, delimiter, header row and data rows, each byte kept."""

    bom: str
    delimiter: str
    header: RawRow
    rows: list[RawRow]

    def column(self, names: list[str]) -> int | None:
        """The index of the first header among `names` the file has."""
        values = [unquote(cell).strip() for cell in self.header.cells]
        return next((values.index(n) for n in names if n in values), None)

    def replace(self, row: RawRow, index: int, value: str) -> None:
        """Cell `index` of `row` set to `value`, quoted like the cell it replaces (or where the
        value needs it)."""
        while len(row.cells) <= index:
            row.cells.append("")
        old = row.cells[index]
        needs = any(c in value for c in (self.delimiter, '"', "\r", "\n")) or value != value.strip()
        quoted = needs or old.startswith('"')
        row.cells[index] = '"' + value.replace('"', '""') + '"' if quoted else value

    def text(self) -> str:
        """The file's text again."""
        rows = [self.header, *self.rows]
        return self.bom + "".join(self.delimiter.join(r.cells) + r.end for r in rows)


def unquote(cell: str) -> str:
    """A raw cell's value."""
    if len(cell) >= 2 and cell.startswith('"') and cell.endswith('"'):
        return cell[1:-1].replace('""', '"')
    return cell


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first.count)


def _cell(text: str, at: int, delimiter: str) -> tuple[str, int]:
    """The raw cell starting at `at`, and where it ends."""
    if text.startswith('"', at):
        end = at + 1
        while True:
            end = text.find('"', end)
            if end < 0:
                raise ValueError(f"line {_line(text, at)}: a quoted cell is never closed")
            if text.startswith('""', end):
                end += 2
                continue
            return text[at : end + 1], end + 1
    ends = [i for i in (text.find(delimiter, at), text.find("\n", at)) if i >= 0]
    end = min(ends) if ends else len(text)
    if end > at and text[end - 1] == "\r" and end == text.find("\n", at):
        end -= 1
    return text[at:end], end


def _row(text: str, at: int, delimiter: str) -> tuple[RawRow, int]:
    """The record starting at `at`, and where the next one starts."""
    cells = []
    while True:
        cell, at = _cell(text, at, delimiter)
        cells.append(cell)
        if text.startswith(delimiter, at):
            at += len(delimiter)
            continue
        for end in ("\r\n", "\n", ""):
            if text.startswith(end, at) and (end or at == len(text)):
                return RawRow(cells, end), at + len(end)
        raise ValueError(f"line {_line(text, at)}: text after a quoted cell's closing quote")


def parse(text: str) -> RawTable:
    """`text` as a RawTable, or a ValueError saying where it is malformed."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    delimiter = _delimiter(body)
    rows, at = [], 0
    while at < len(body):
        row, at = _row(body, at, delimiter)
        rows.append(row)
    if not rows:
        raise ValueError("the file is empty")
    return RawTable(bom, delimiter, rows[0], rows[1:])
