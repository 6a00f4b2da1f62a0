"""Property-based fuzzing of the table readers: arbitrary bytes, and cells of arbitrary text in a
generic or a Shopify header, give products, one-line record errors, or one CatalogError for a
file that cannot be read at all; never another exception. Bounded and derandomized."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listingsmith.channels.catalog import read_catalog
from listingsmith.channels.table import CatalogError
from listingsmith.config import InputLimits, Settings

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
SETTINGS = Settings(
    input_limits=InputLimits(record_bytes=2_000, field_chars=200, title_chars=80, columns=40)
)
HEADERS = [
    ["sku", "title", "description", "bullets", "attr:color", "images"],
    ["Handle", "Title", "Body (HTML)", "Option1 Name", "Option1 Value", "Variant SKU", "Image Src"],
    ["URL handle", "Title"],
]
cells = st.text(max_size=60) | st.sampled_from(["", "=1+1", "<b>x", "gid://a", '["a"]', "\ufeff"])


def read_bytes(data: bytes, suffix: str = ".csv") -> None:
    """Read the bytes as a catalogue file and check what comes back."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalog{suffix}"
        path.write_bytes(data)
        try:
            products, errors = read_catalog(path, SETTINGS)
        except CatalogError as error:
            assert "\n" not in str(error)
            return
    assert all("\n" not in str(error) and error.line >= 1 for error in errors)
    assert len({p.sku for p in products}) == len(products)


@FUZZ
@given(st.binary(max_size=600), st.sampled_from([".csv", ".tsv", ".txt"]))
def test_arbitrary_bytes(data: bytes, suffix: str) -> None:
    read_bytes(data, suffix)


@FUZZ
@given(
    st.sampled_from(HEADERS),
    st.lists(st.lists(cells, min_size=0, max_size=8), max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_arbitrary_cells(
    header: list[str], rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    read_bytes(out.getvalue().encode(encoding, "surrogatepass"))
