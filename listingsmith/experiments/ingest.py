"""Ingest a results file into a results store: the rows that read (with their listing when the
run is known), the rows refused, and whether the file was new."""

from __future__ import annotations

from dataclasses import dataclass, replace

from listingsmith.experiments.results_file import ResultsFile, read_results
from listingsmith.experiments.runs import Experiment, known_variants
from listingsmith.storage.experiments import ResultsStore


@dataclass(frozen=True)
class Ingested:
    """What one ingest did: the file read, and False in `new` when it had been ingested."""

    file: ResultsFile
    new: bool


def ingest(
    data: bytes,
    store: ResultsStore,
    max_rows: int,
    experiments: dict[str, Experiment] | None = None,
) -> Ingested:
    """Read `data` (ResultsFileError when it is no results file at all) and set its variants'
    totals in `store`; with the run's experiments, unknown ids are refused row by row."""
    known = known_variants(experiments) if experiments is not None else None
    read = read_results(data, max_rows, known)
    counts = [
        replace(c, sku=e.sku, locale=e.locale)
        if (e := (experiments or {}).get(c.experiment_id))
        else c
        for c in read.counts
    ]
    return Ingested(read, store.record(counts, read.digest))
