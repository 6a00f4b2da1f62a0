"""The Google Merchant Center feed flags model-written text as AI-generated, and only that."""

from __future__ import annotations

from pathlib import Path

from listingsmith.channels.export import ExportRequest, export_run
from listingsmith.config import Settings
from tests.unit.channel_runs import listing, write_run


def _rows(path: Path) -> list[dict[str, str]]:
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    return [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines]


def test_only_model_written_fields_carry_the_provenance_flag(tmp_path: Path) -> None:
    items = [
        listing("A", "de-DE", "Flasche", origins={"title": "data", "description": "model"}),
        listing("B", "de-DE", "Becher", origins={"title": "reviewer", "description": "data"}),
        listing("C", "de-DE", 'Tasse "Rot"', origins={"title": "memory"}, description="x\ty\nz"),
    ]
    run = write_run(tmp_path / "run", items, ["de-DE"])
    report = export_run(ExportRequest(run, "google"), Settings())
    rows = _rows(run / "google-merchant-de-DE.tsv")
    assert [r["structured_title"] for r in rows] == [
        'default:"Flasche"',
        'default:"Becher"',
        'trained_algorithmic_media:"Tasse ""Rot"""',
    ]
    assert [r["structured_description"] for r in rows] == [
        'trained_algorithmic_media:"A steel bottle."',
        'default:"A steel bottle."',
        # A field origins does not name is the model's; a text feed cell is one line.
        'trained_algorithmic_media:"x y z"',
    ]
    assert report.written == 3


def test_a_title_over_googles_limit_is_refused(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", [listing("A", "en-US", "t" * 151)], ["en-US"])
    report = export_run(ExportRequest(run, "google"), Settings())
    assert [str(r) for r in report.refused] == [
        "A en-US: over limit: title is 151 characters; the limit is 150 (google limit)"
    ]
    assert report.files == []
