"""Hostile records through the CLI's catalogue reader: each is one clean, one-line error naming
the line, sku and field, without a server path, and the records after it are still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listingsmith.batch.catalog import RecordError, read_catalog
from listingsmith.config import InputLimits, Settings
from tests.unit.hostile_inputs import (
    deep_json,
    good_png,
    pixel_bomb,
    png,
    record,
    text_bomb,
    truncated_jpeg,
)

SETTINGS = Settings(max_image_pixels=1_000_000)


def read_one_bad(folder: Path, bad: bytes, settings: Settings = SETTINGS) -> RecordError:
    """Reads a catalogue of a good record, the bad line, a good record; returns the one error."""
    good = record("GOOD-1").encode(), record("GOOD-2").encode()
    path = folder / "catalog.jsonl"
    path.write_bytes(b"\n".join([good[0], bad, good[1]]) + b"\n")
    products, errors = read_catalog(path, settings)
    assert [p.sku for p in products] == ["GOOD-1", "GOOD-2"]
    (error,) = errors
    assert error.line == 2
    text = str(error)
    assert "\n" not in text and "Traceback" not in text and str(folder) not in text
    assert len(text) < 500
    return error


def with_image(folder: Path, name: str, data: bytes) -> bytes:
    (folder / name).write_bytes(data)
    return record("BAD", images=[name]).encode()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (pixel_bomb(), "pixels"),
        (png(2000, 1000), "pixels"),
        (text_bomb(b"zTXt"), "unreadable image"),
        (text_bomb(b"iTXt"), "unreadable image"),
        (truncated_jpeg(), "truncated"),
    ],
    ids=["pixel-bomb", "over-setting", "ztxt-bomb", "itxt-bomb", "truncated-jpeg"],
)
def test_a_hostile_photo_is_one_record_error(tmp_path: Path, data: bytes, says: str) -> None:
    error = read_one_bad(tmp_path, with_image(tmp_path, "photo.png", data))
    assert (error.sku, error.field) == ("BAD", "images[0]") and says in error.message


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_pillows_bomb_warning_as_an_error_is_caught_too(tmp_path: Path) -> None:
    settings = Settings(max_image_pixels=200_000_000)  # above Pillow's warning threshold
    error = read_one_bad(tmp_path, with_image(tmp_path, "big.png", png(10_000, 10_000)), settings)
    assert error.field == "images[0]" and "pixels" in error.message


def test_a_photo_over_the_byte_limit_is_refused(tmp_path: Path) -> None:
    settings = Settings(input_limits=InputLimits(image_bytes=50))
    error = read_one_bad(tmp_path, with_image(tmp_path, "big.png", good_png()), settings)
    assert error.field == "images[0]" and "50 bytes" in error.message


def test_a_nul_byte_in_an_image_path(tmp_path: Path) -> None:
    error = read_one_bad(tmp_path, record("BAD", images=["a\u0000.png"]).encode())
    assert (error.sku, error.field) == ("BAD", "images[0]") and "NUL" in error.message


def test_a_missing_photo_does_not_name_the_server_path(tmp_path: Path) -> None:
    error = read_one_bad(tmp_path, record("BAD", images=["nowhere/missing.png"]).encode())
    assert error.field == "images[0]" and error.message == "image file not found"


def test_deeply_nested_json(tmp_path: Path) -> None:
    error = read_one_bad(tmp_path, deep_json().encode())
    assert error.field is None and "nested deeper than 16 levels" in error.message


def test_invalid_utf8_is_reported_for_its_line(tmp_path: Path) -> None:
    error = read_one_bad(tmp_path, b'{"sku": "BAD", "title": "caf\xe9"}')
    assert "not valid UTF-8 at byte 29" in error.message


def test_a_huge_integer_is_not_valid_json(tmp_path: Path) -> None:
    error = read_one_bad(
        tmp_path, b'{"sku": "BAD", "title": "t", "bullets": [' + b"9" * 5000 + b"]}"
    )
    assert error.message.startswith("not valid JSON")


def test_a_record_over_record_bytes_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    settings = Settings(input_limits=InputLimits(record_bytes=200))
    error = read_one_bad(tmp_path, record("BAD", description="x" * 5000).encode(), settings)
    assert "longer than 200 bytes" in error.message


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"title": "t" * 1001}, "title", "longer than 1000 characters"),
        ({"description": "d" * 20_001}, "description", "longer than 20000 characters"),
        ({"bullets": ["ok", "b" * 20_001]}, "bullets[1]", "longer than 20000 characters"),
        ({"attributes": {"colour": "c" * 20_001}}, "attributes.colour", "longer than 20000"),
        ({"bullets": ["b"] * 101}, "bullets", "more than 100 entries"),
        ({"attributes": {str(i): "v" for i in range(101)}}, "attributes", "more than 100"),
        ({"images": ["x.png"] * 11}, "images", "more than 10 entries"),
    ],
    ids=["title", "description", "bullet", "attribute", "bullets", "attributes", "images"],
)
def test_field_limits_name_the_field(tmp_path: Path, fields: dict, field: str, says: str) -> None:
    error = read_one_bad(tmp_path, json.dumps({"sku": "BAD", "title": "t", **fields}).encode())
    assert (error.sku, error.field) == ("BAD", field) and says in error.message


def test_a_huge_sku_is_clipped_in_the_error(tmp_path: Path) -> None:
    error = read_one_bad(tmp_path, json.dumps({"sku": "S" * 100_000, "title": 5}).encode())
    assert error.field == "title" and len(error.sku or "") <= 80


def test_records_past_records_per_job_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "catalog.jsonl"
    path.write_text("\n".join(record(f"R{i}") for i in range(5)) + "\n")
    settings = Settings(input_limits=InputLimits(records_per_job=3))
    products, errors = read_catalog(path, settings)
    assert [p.sku for p in products] == ["R0", "R1", "R2"]
    assert [(e.line, e.message) for e in errors] == [
        (4, "more than 3 records; the rest is not read")
    ]


def test_line_reading_keeps_numbers_across_blank_and_long_lines(tmp_path: Path) -> None:
    path = tmp_path / "catalog.jsonl"
    long = record("LONG", description="x" * 300)
    path.write_text("\n".join([record("A"), "", long, "  ", record("B")]))  # no final newline
    settings = Settings(input_limits=InputLimits(record_bytes=len(long) - 1))
    products, errors = read_catalog(path, settings)
    assert [p.sku for p in products] == ["A", "B"] and [e.line for e in errors] == [3]


def test_an_error_stays_on_one_line_whatever_the_sku(tmp_path: Path) -> None:
    line = json.dumps({"sku": "A\nB\u2028C\rD", "title": 5}).encode()
    error = read_one_bad(tmp_path, line)
    assert error.sku == "A\\nB\\u2028C\\rD" and "\n" not in str(error)


@pytest.mark.parametrize(
    ("mark", "codec"),
    [
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
    ],
    ids=["utf-8-bom", "utf-16-le", "utf-16-be", "utf-32-le"],
)
def test_a_catalogue_saved_with_a_byte_order_mark_reads_every_record(
    tmp_path: Path, mark: bytes, codec: str
) -> None:
    path = tmp_path / "catalog.jsonl"
    text = "\r\n".join([record("A", title="Trinkflasche größer"), record("B")]) + "\r\n"
    path.write_bytes(mark + text.encode(codec))
    products, errors = read_catalog(path, SETTINGS)
    assert errors == [] and [p.sku for p in products] == ["A", "B"]
    assert products[0].title == "Trinkflasche größer"


@pytest.mark.parametrize("chars", [300, 3000])
def test_a_utf16_line_over_record_bytes_is_cut_and_its_rest_skipped(
    tmp_path: Path, chars: int
) -> None:
    path = tmp_path / "catalog.jsonl"
    long = json.dumps({"sku": "LONG", "title": "中" * chars}, ensure_ascii=False)
    text = "\n".join([record("A"), long, record("B")]) + "\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    # Over 900 bytes in UTF-8 (the limit counts them); 3000 characters are also cut unread.
    settings = Settings(input_limits=InputLimits(record_bytes=500))
    products, errors = read_catalog(path, settings)
    assert [p.sku for p in products] == ["A", "B"] and [e.line for e in errors] == [2]
    assert "longer than" in errors[0].message


def test_bytes_that_are_no_utf16_are_refused_for_their_line(tmp_path: Path) -> None:
    path = tmp_path / "catalog.jsonl"
    bad = b"\x00\xd8" + '"}'.encode("utf-16-le")  # a lone high surrogate
    lines = [record("A").encode("utf-16-le"), bad, record("B").encode("utf-16-le")]
    path.write_bytes(b"\xff\xfe" + "\n".encode("utf-16-le").join(lines))
    products, errors = read_catalog(path, SETTINGS)
    assert [p.sku for p in products] == ["A", "B"]
    assert [(e.line, "not valid UTF-8" in e.message) for e in errors] == [(2, True)]


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity"])
def test_an_attribute_that_is_no_finite_number_is_refused(tmp_path: Path, number: bytes) -> None:
    bad = b'{"sku": "BAD", "title": "Mug", "attributes": {"weight": ' + number + b"}}"
    error = read_one_bad(tmp_path, bad)
    assert (error.sku, error.field) == ("BAD", "attributes")
    assert "'weight'" in error.message and "not a number" in error.message


@pytest.mark.parametrize(
    ("record", "sku", "field"),
    [
        ({"sku": "S\ud800", "title": "T"}, "S\\ud800", "sku"),
        (
            {"sku": "S1", "title": "T", "attributes": {"a": ["ok", "\udfff"]}},
            "S1",
            "attributes.a[1]",
        ),
    ],
)
def test_half_a_surrogate_pair_is_one_error_that_prints(
    tmp_path: Path, record: dict, sku: str, field: str
) -> None:
    error = read_one_bad(tmp_path, json.dumps(record).encode())
    assert (error.sku, error.field) == (sku, field)
    str(error).encode("utf-8")  # prints and serialises (it raised UnicodeEncodeError)


@pytest.mark.parametrize(
    ("sku", "says"),
    [("A\x00B", "control character"), ("A\nB", "control character"), ("   ", "blank")],
    ids=["nul", "newline", "blank"],
)
def test_a_sku_no_store_or_person_can_hold_is_refused(tmp_path: Path, sku: str, says: str) -> None:
    # A NUL in a sku failed a whole service job on PostgreSQL (text cannot hold NUL).
    error = read_one_bad(tmp_path, json.dumps({"sku": sku, "title": "Mug"}).encode())
    assert error.field == "sku" and says in error.message
