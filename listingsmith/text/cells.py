"""Cells of a file a person opens in a spreadsheet (CSV, TSV) made from seller or model text.

Excel, LibreOffice and Google Sheets run a cell that starts with "=", "+", "-" or "@" as a
formula (`=HYPERLINK(...)` links out, `+cmd|' /C calc'!A0` is a DDE command), and a leading tab
or carriage return hides such a start. OWASP's defence: prefix the cell with an apostrophe,
which spreadsheets read as "text" and do not show. A plain number ("-5", "+3.5") is left as
it is: it is no formula."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

# The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = frozenset("=+-@\t\r\n")
K = TypeVar("K")
# A signed number, which a spreadsheet reads as a number whatever its sign.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?")


def spreadsheet_text(text: str) -> str:
    """`text` safe to open in a spreadsheet: prefixed with an apostrophe when a spreadsheet
    would run it as a formula, else unchanged."""
    if text[:1] not in FORMULA_STARTS or _NUMBER.fullmatch(text):
        return text
    return "'" + text


def read_spreadsheet_text(cell: str) -> str:
    """What `spreadsheet_text` was given, read back from the cell it wrote (a file of ours that
    comes back, such as simulated results): the apostrophe before a formula start dropped."""
    if cell[:1] == "'" and spreadsheet_text(cell[1:]) == cell:
        return cell[1:]
    return cell


def spreadsheet_row(row: Mapping[K, object]) -> dict[K, object]:
    """Every text cell of `row` made safe by `spreadsheet_text` (numbers and None unchanged)."""
    return {key: spreadsheet_text(v) if isinstance(v, str) else v for key, v in row.items()}
