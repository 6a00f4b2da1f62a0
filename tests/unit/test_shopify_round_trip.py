"""The round-trip measurement flags any changed cell outside the columns a run writes."""

from pathlib import Path

from evals.shopify_round_trip import changed_cells, written_headers

HEADER = "Handle,Title,Body (HTML),Vendor\r\n"


def test_only_cells_of_written_columns_count_as_expected(tmp_path: Path) -> None:
    before, after, tampered = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    before.write_bytes((HEADER + 'mug,Mug,"<p>A mug, blue.</p>",Acme\r\n').encode())
    after.write_bytes((HEADER + 'mug,Acme Mug,"<p>A mug, blue.</p>",Acme\r\n').encode())
    tampered.write_bytes((HEADER + 'mug,Mug,"<p>A mug, blue.</p>",Acne\r\n').encode())
    assert changed_cells(before, after)["cells_changed_by_column"] == {"Title": 1}
    assert set(changed_cells(before, tampered)["cells_changed_by_column"]) == {"Vendor"}
    assert "Title" in written_headers() and "Vendor" not in written_headers()
