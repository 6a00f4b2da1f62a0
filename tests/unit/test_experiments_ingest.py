"""Results files: each bad row refused with its line and column while the rest is read; rows of
a variant add up; ingesting the same file twice changes nothing; a newer file replaces totals;
with a run, only its experiments and variants are accepted."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from listingsmith.channels.run_outputs import read_run
from listingsmith.cli import app
from listingsmith.experiments.ingest import ingest
from listingsmith.experiments.results_file import ResultsFileError, read_results
from listingsmith.experiments.runs import run_experiments
from listingsmith.storage.experiments import ResultsStore
from tests.unit.experiment_runs import experiment_id, write_variant_run

HEADER = "experiment_id,variant_id,impressions,clicks,orders\n"
ROWS = 1000


def test_good_rows_are_read_and_each_bad_one_named_by_line_and_column() -> None:
    text = HEADER + (
        "exp-1,A,100,10,1\n"  # line 2: good
        "exp-1,B,100,x,1\n"  # line 3: clicks not a number
        "exp-1,B,100,10,-1\n"  # line 4: negative orders
        "exp-1,B,100,120,1\n"  # line 5: clicks over impressions
        "exp-1,B,100,10,11\n"  # line 6: orders over clicks
        ",B,1,1,1\n"  # line 7: no experiment
        "exp-1,B,200,20,4\n"  # line 8: good
    )
    read = read_results(text.encode(), ROWS)
    assert [str(e) for e in read.errors] == [
        "line 3, column clicks: 'x' is not a whole number >= 0",
        "line 4, column orders: '-1' is not a whole number >= 0",
        "line 5, column clicks: 120 clicks exceed 100 impressions",
        "line 6, column orders: 11 orders exceed 10 clicks",
        "line 7, column experiment_id: needs an id of 1 to 200 characters",
    ]
    totals = {(c.variant_id): (c.impressions, c.clicks, c.orders) for c in read.counts}
    assert totals == {"A": (100, 10, 1), "B": (200, 20, 4)}


def test_rows_of_one_variant_add_up_and_extra_columns_are_ignored() -> None:
    text = "day,experiment_id,variant_id,impressions,clicks,orders,note\n"
    text += "mon,exp-1,A,100,10,1,x\ntue,exp-1,A,50,5,2,y\n"
    (counts,) = read_results(text.encode(), ROWS).counts
    assert (counts.impressions, counts.clicks, counts.orders) == (150, 15, 3)


SEMICOLONS = HEADER.replace(",", ";").replace("\n", "\r\n")
TABS = HEADER.replace(",", "\t")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        # Excel in a German locale: semicolons, its sep= line, CRLF; UTF-8 with its mark.
        (f"\ufeffsep=;\r\n{SEMICOLONS}exp-1;A;100;10;x\r\nexp-1;A;50;5;1\r\n".encode(), 3),
        # Excel's "Unicode text": UTF-16 with its mark, tab-separated.
        (f"\ufeff{TABS}exp-1\tA\t100\t10\tx\nexp-1\tA\t50\t5\t1\n".encode("utf-16-le"), 2),
    ],
    ids=["excel-semicolons", "excel-unicode-text"],
)
def test_results_saved_by_excel_are_read_with_their_own_line_numbers(
    data: bytes, line: int
) -> None:
    read = read_results(data, ROWS)
    (counts,) = read.counts
    assert (counts.impressions, counts.clicks, counts.orders) == (50, 5, 1)
    assert [str(e) for e in read.errors] == [
        f"line {line}, column orders: 'x' is not a whole number >= 0"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"experiment_id,variant_id,clicks\n", "the header lacks impressions, orders"),
        (b"\xe9" + HEADER.encode(), "not UTF-8 text"),
        (b"\xff\xfe" + HEADER.encode("utf-16-le") + b"\x00\xdc", "not UTF-16 text"),
        ((HEADER + "e,A,1,1,1\n" * 3).encode(), "more than 2 rows"),
    ],
)
def test_a_file_that_is_no_results_file_is_refused_whole(data: bytes, message: str) -> None:
    with pytest.raises(ResultsFileError, match=message):
        read_results(data, 2)


def test_the_same_file_twice_does_not_double_count(db_location: str | Path) -> None:
    store = ResultsStore(db_location)
    data = (HEADER + "exp-1,A,100,10,1\nexp-1,B,100,12,3\n").encode()
    assert ingest(data, store, ROWS).new
    assert not ingest(data, store, ROWS).new
    assert [(c.variant_id, c.impressions) for c in store.counts()] == [("A", 100), ("B", 100)]


def test_a_newer_file_replaces_the_totals_of_its_variants_only(db_location: str | Path) -> None:
    store = ResultsStore(db_location)
    ingest((HEADER + "exp-1,A,100,10,1\nexp-1,B,100,12,3\n").encode(), store, ROWS)
    ingest((HEADER + "exp-1,A,300,30,4\n").encode(), store, ROWS)
    assert [(c.variant_id, c.impressions, c.orders) for c in store.counts()] == [
        ("A", 300, 4),
        ("B", 100, 3),
    ]


def test_with_a_run_unknown_experiments_and_variants_are_refused(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run")
    experiments = run_experiments(read_run(run))
    known = experiment_id("BOT-1", "en-US")
    text = HEADER + f"{known},A,100,10,1\nexp-nope,A,1,1,1\n{known},Z,1,1,1\n"
    store = ResultsStore(tmp_path / "results.sqlite")
    done = ingest(text.encode(), store, ROWS, experiments)
    assert [str(e) for e in done.file.errors] == [
        "line 3, column experiment_id: 'exp-nope' is no experiment of the run",
        f"line 4, column variant_id: 'Z' is no variant of {known}",
    ]
    (counts,) = store.counts()
    assert (counts.sku, counts.locale) == ("BOT-1", "en-US")


def test_cli_ingest_names_bad_rows_reads_the_rest_and_is_idempotent(tmp_path: Path) -> None:
    run = write_variant_run(tmp_path / "run")
    known = experiment_id("BOT-1", "en-US")
    results = tmp_path / "results.csv"
    results.write_text(HEADER + f"{known},A,100,10,1\n{known},B,10,20,1\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["experiment", "ingest", str(results), "--run", str(run)])
    assert first.exit_code == 1
    assert "line 3, column clicks: 20 clicks exceed 10 impressions" in first.output
    assert "Traceback" not in first.output
    again = runner.invoke(app, ["experiment", "ingest", str(results), "--run", str(run)])
    assert "already ingested, nothing changed" in again.output
    assert [c.impressions for c in ResultsStore(run / "experiments.sqlite").counts()] == [100]


def test_cli_ingest_without_run_or_store_says_what_to_give(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text(HEADER, encoding="utf-8")
    outcome = CliRunner().invoke(app, ["experiment", "ingest", str(results)])
    assert outcome.exit_code == 2
    assert "give --run RUN_DIR or set LISTINGSMITH_EXPERIMENTS_PATH" in outcome.output
