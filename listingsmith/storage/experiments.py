"""A/B experiment results: each variant's impressions, clicks and orders to date, in one SQLite
file (WAL, safe for several processes) or the PostgreSQL database (storage/shared.py). A
results file states totals to date, so ingesting it sets its variants' totals: the same file
twice changes nothing, a newer export replaces an older one, and each file ingested is
remembered by its SHA-256."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from listingsmith.config import Settings
from listingsmith.storage.shared import Location, SharedStore

# The file's name in a run's folder (settings.experiments_path overrides it).
RESULTS_FILE = "experiments.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    experiment_id TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    sku TEXT,
    locale TEXT,
    impressions INTEGER NOT NULL,
    clicks INTEGER NOT NULL,
    orders INTEGER NOT NULL,
    source_hash TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (experiment_id, variant_id)
);
CREATE TABLE IF NOT EXISTS ingests (
    source_hash TEXT PRIMARY KEY,
    variants INTEGER NOT NULL,
    ingested REAL NOT NULL
);
"""
# A newer file's totals replace a variant's; the listing it belongs to is kept once known.
UPSERT = """
INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (experiment_id, variant_id) DO UPDATE SET
    sku = COALESCE(excluded.sku, results.sku), locale = COALESCE(excluded.locale, results.locale),
    impressions = excluded.impressions, clicks = excluded.clicks, orders = excluded.orders,
    source_hash = excluded.source_hash, updated = excluded.updated
"""
COLUMNS = "experiment_id, variant_id, sku, locale, impressions, clicks, orders"


@dataclass(frozen=True)
class VariantCounts:
    """One variant's traffic to date (sku and locale when a run named them)."""

    experiment_id: str
    variant_id: str
    impressions: int
    clicks: int
    orders: int
    sku: str | None = None
    locale: str | None = None


def results_beside(run_dir: Path | None, settings: Settings) -> Location:
    """The results store: settings.experiments_path, else the database when one is set, else
    experiments.sqlite in the run's folder; ValueError when none is given."""
    if settings.experiments_path is not None:
        return settings.experiments_path
    if settings.database:
        return settings.database
    if run_dir is None:
        raise ValueError(
            "no results store: give --run RUN_DIR or set LISTINGSMITH_EXPERIMENTS_PATH"
        )
    return run_dir / RESULTS_FILE


class ResultsStore(SharedStore):
    """A results file or database; every call opens its own connection, so threads and
    processes share it."""

    def __init__(self, location: Location) -> None:
        super().__init__(location, SCHEMA)

    def record(self, counts: list[VariantCounts], source_hash: str) -> bool:
        """Set these variants' totals from one file (its SHA-256); False, changing nothing, when
        that file was ingested already."""
        now = time.time()
        with self._transaction() as conn:
            seen = conn.execute(
                "SELECT 1 FROM ingests WHERE source_hash = ?", (source_hash,)
            ).fetchone()
            if seen is None:
                conn.executemany(
                    UPSERT,
                    [
                        (
                            c.experiment_id,
                            c.variant_id,
                            c.sku,
                            c.locale,
                            c.impressions,
                            c.clicks,
                            c.orders,
                            source_hash,
                            now,
                        )
                        for c in counts
                    ],
                )
                conn.execute(
                    "INSERT INTO ingests VALUES (?, ?, ?)", (source_hash, len(counts), now)
                )
        return seen is None

    def counts(self, experiments: set[str] | None = None) -> list[VariantCounts]:
        """Every variant's totals (of these experiments, or all), by experiment and variant."""
        with self._connection() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM results ORDER BY experiment_id, variant_id"
            ).fetchall()
        found = [VariantCounts(e, v, i, c, o, sku, locale) for e, v, sku, locale, i, c, o in rows]
        return [c for c in found if experiments is None or c.experiment_id in experiments]
