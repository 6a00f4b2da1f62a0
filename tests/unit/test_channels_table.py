"""Table files as sellers' tools write them: byte-order marks, UTF-16, quoted newlines, Excel's
semicolon CSV, CRLF; every size bounded, a row at fault named by line (and column) while the
rest is read; a file that cannot be read at all refused in one line."""

import codecs
from pathlib import Path

import pytest

from listingsmith.channels.catalog import catalog_format, read_catalog
from listingsmith.channels.table import CatalogError, delimiter_of
from listingsmith.config import InputLimits, Settings

TEXT = (
    'sku,title,description\r\nA-1,"Mug, blue","Holds 300 ml.\r\nDishwasher safe."\r\n'
    "A-2,Zürich cup,\r\n"
)


def read(path: Path, data: bytes, **limits: int) -> tuple[list, list]:
    path.write_bytes(data)
    return read_catalog(path, Settings(input_limits=InputLimits(**limits)))


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its BOM, as Excel's "Unicode text" writes it
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be"],
)
def test_encodings_crlf_and_quoted_newlines(tmp_path: Path, encoded: bytes) -> None:
    products, errors = read(tmp_path / "c.csv", encoded)
    assert errors == []
    first, second = products
    assert (first.sku, first.title) == ("A-1", "Mug, blue")  # not "\ufeffsku", not split
    assert first.description == "Holds 300 ml.\nDishwasher safe."
    assert second.title == "Zürich cup"


@pytest.mark.parametrize("first_line", ["", "sep=;\r\n"])
def test_excels_semicolon_csv(tmp_path: Path, first_line: str) -> None:
    text = first_line + "SKU;Title;Price\r\nB-1;Tasse, blau;4,50\r\nB-2;Teller;3,00\r\n"
    products, errors = read(tmp_path / "c.csv", text.encode("utf-8"))
    assert errors == []
    assert [(p.sku, p.title) for p in products] == [("B-1", "Tasse, blau"), ("B-2", "Teller")]


def test_a_tsv_is_tab_separated_and_a_header_names_its_delimiter() -> None:
    assert delimiter_of("sku\ttitle\tprice, net\n") == "\t"
    assert delimiter_of("sku|title\n") == "|"
    assert delimiter_of("sku;title;note, or two\n") == ";"
    assert delimiter_of("title\n") == ","


def test_undecodable_text_is_named_by_line_and_column(tmp_path: Path) -> None:
    data = b"sku,title\nC-1,caf\xe9 (Latin-1)\nC-2,fine\n"
    products, errors = read(tmp_path / "c.csv", data)
    assert [p.sku for p in products] == ["C-2"]
    (error,) = errors
    assert (error.line, error.column) == (2, "title") and "encoding" in error.message


def test_oversize_cell_row_and_ragged_rows_are_refused_and_the_rest_read(tmp_path: Path) -> None:
    rows = [
        "sku,title,description",
        "D-1,ok,fine",
        f"D-2,long,{'x' * 500}",  # one cell over the field limit
        f"D-3,{'y' * 3000},z",  # the whole row over the row limit
        "D-4,ragged,a,b",  # more cells than the header
        "D-5,last,",
    ]
    products, errors = read(
        tmp_path / "c.csv", "\n".join(rows).encode(), field_chars=400, record_bytes=2000
    )
    assert [p.sku for p in products] == ["D-1", "D-5"]
    found = [(e.line, e.column, e.field, e.message) for e in errors]
    assert found == [
        (3, "description", "description", "longer than 400 characters"),
        (4, None, None, "row is longer than 2000 bytes"),
        (5, None, None, "row has 4 cells; the header has 3"),
    ]


def test_a_quote_never_closed_stops_the_reading_at_its_line(tmp_path: Path) -> None:
    data = b'sku,title\nE-1,ok\nE-2,"' + b"z" * 200_000 + b"\nE-3,never read\n"
    products, errors = read(tmp_path / "c.csv", data, record_bytes=500_000)
    assert [p.sku for p in products] == ["E-1"]
    (error,) = errors
    assert error.line == 3 and "the rest is not read" in error.message


@pytest.mark.parametrize("name", ["c.csv", "shopify.csv"])
def test_a_short_quote_never_closed_is_reported_not_swallowed(tmp_path: Path, name: str) -> None:
    # Without the error, E-2's title silently held every later row and E-3, E-4 were lost.
    header = b"Handle,Title" if name == "shopify.csv" else b"sku,title"
    data = header + b'\nE-1,ok\nE-2,"Mug 12 oz\nE-3,ok\nE-4,ok\n'
    products, errors = read(tmp_path / name, data)
    assert [p.sku for p in products] == ["E-1"]
    (error,) = errors
    assert (error.line, error.column) == (3, "Title" if name == "shopify.csv" else "title")
    assert "never closes" in error.message and "rest of the file" in error.message


def test_a_quote_inside_an_unquoted_cell_is_text(tmp_path: Path) -> None:
    products, errors = read(tmp_path / "c.csv", b'sku,title\nE-1,12" pizza pan')
    assert errors == [] and [p.title for p in products] == ['12" pizza pan']


def test_too_many_columns_or_no_header_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="more than 5 columns"):
        read(tmp_path / "c.csv", b"a,b,c,d,e,f\n1,2,3,4,5,6\n", columns=5)
    with pytest.raises(CatalogError, match="no header"):
        read(tmp_path / "c.csv", b"\n\n")


def test_the_format_is_told_by_extension_and_header(tmp_path: Path) -> None:
    settings = Settings()
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.csv").write_text("Handle,Title\nh,t\n")
    (tmp_path / "c.txt").write_text("sku\ttitle\n1\tt\n")
    (tmp_path / "d.xlsx").write_bytes(b"PK\x03\x04")
    assert catalog_format(tmp_path / "a.jsonl", settings) == "jsonl"
    assert catalog_format(tmp_path / "b.csv", settings) == "shopify"
    assert catalog_format(tmp_path / "c.txt", settings) == "csv"
    with pytest.raises(CatalogError, match="extension is one of"):
        catalog_format(tmp_path / "d.xlsx", settings)


def test_too_many_rows_stop_at_the_record_limit(tmp_path: Path) -> None:
    rows = "\n".join(f"F-{i},title {i}" for i in range(5))
    products, errors = read(tmp_path / "c.csv", f"sku,title\n{rows}\n".encode(), records_per_job=3)
    assert len(products) == 3
    (error,) = errors
    assert error.line == 5 and "more than 3 records" in error.message


def test_broken_utf16_is_named_by_line_and_column_and_the_rest_read(tmp_path: Path) -> None:
    lone_surrogate = b"\x00\xd8"  # half of a pair: no character
    data = (
        "sku\ttitle\nH-1\tok\n".encode("utf-16")
        + lone_surrogate
        + "H\tbad\nH-3\tfine\n".encode("utf-16-le")
    )
    products, errors = read(tmp_path / "c.tsv", data)
    assert [p.sku for p in products] == ["H-1", "H-3"]
    (error,) = errors
    assert (error.line, error.column) == (3, "sku") and "encoding" in error.message
