"""The translation memory: reviewer-approved and reviewer-edited translations of pivot segments,
per tenant and language, in one SQLite file (WAL, safe for several processes) or the PostgreSQL
database (storage/shared.py). Lookups
normalise whitespace and Unicode (NFC); the stored text stays exactly as the reviewer left it."""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from listingsmith.config import MemoryLimits, Settings
from listingsmith.domain import Product
from listingsmith.storage.shared import Location, SharedStore, store_location

# The tenant of a CLI run's product that names no seller.
DEFAULT_TENANT = "default"
MemoryOrigin = Literal["approved", "edited"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    tenant TEXT NOT NULL,
    language TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    lookup TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('approved', 'edited')),
    reviewer TEXT,
    created REAL NOT NULL,
    PRIMARY KEY (tenant, language, source_hash)
);
CREATE INDEX IF NOT EXISTS segments_recent ON segments (tenant, language, created);
"""
# One entry per source segment: a newer entry replaces it, except that an approval never
# replaces a reviewer's edit.
UPSERT = """
INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant, language, source_hash) DO UPDATE SET
    source = excluded.source, lookup = excluded.lookup, target = excluded.target,
    origin = excluded.origin, reviewer = excluded.reviewer, created = excluded.created
WHERE NOT (segments.origin = 'edited' AND excluded.origin = 'approved')
"""
FIELDS = ("source", "target", "origin", "reviewer", "created")
COLUMNS = ", ".join(FIELDS)


class MemoryMatch(BaseModel):
    """A remembered translation of a source segment, and how close its source is (0-100)."""

    source: str
    target: str
    score: float
    origin: MemoryOrigin
    reviewer: str | None
    created: float


class MemoryEntry(MemoryMatch):
    """A stored pair with its tenant and language (training data)."""

    tenant: str
    language: str


def normalised(text: str) -> str:
    """A segment as lookups compare it: Unicode NFC, runs of whitespace as one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def segment_hash(text: str) -> str:
    """SHA-256 of a segment's normalised form: its exact-match key (and what audits record)."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def memory_tenant(tenant: str | None, product: Product) -> str:
    """Whose memory a product's listing uses: the run's tenant (a service job's), else the
    product's seller (a CLI run), else DEFAULT_TENANT."""
    return tenant or product.seller or DEFAULT_TENANT


def memory_beside(folder: Path, settings: Settings) -> TranslationMemory:
    """The memory settings.memory_path names, else the database when one is set, else
    memory.sqlite in `folder` (a CLI run's checkpoint folder, the service's folder)."""
    beside = store_location(folder / "memory.sqlite", settings.database)
    return TranslationMemory(settings.memory_path or beside, settings.memory_limits)


class TranslationMemory(SharedStore):
    """A memory file or database; every call opens its own connection, so threads and
    processes share it."""

    def __init__(self, location: Location, limits: MemoryLimits | None = None) -> None:
        self.limits = limits or MemoryLimits()
        super().__init__(location, SCHEMA)

    def storable(self, source: str, target: str) -> bool:
        """Whether a pair may be stored: both sides non-blank and within segment_chars."""
        return all(normalised(t) and len(t) <= self.limits.segment_chars for t in (source, target))

    def remember(
        self,
        tenant: str,
        language: str,
        source: str,
        target: str,
        origin: MemoryOrigin,
        reviewer: str | None,
    ) -> None:
        """Store a reviewed translation of `source` (ValueError when it is not storable)."""
        if not tenant or not language:
            raise ValueError("a memory entry needs its tenant and language")
        if not self.storable(source, target):
            raise ValueError(
                f"memory entry for {language}: source and target must be non-blank and at most "
                f"{self.limits.segment_chars} characters"
            )
        row = (tenant, language, segment_hash(source), source, normalised(source), target)
        with self._connection() as conn:
            conn.execute(UPSERT, (*row, origin, reviewer, time.time()))

    def exact(self, tenant: str, language: str, source: str) -> MemoryMatch | None:
        """The remembered translation of this very segment (after normalisation), if any."""
        with self._connection() as conn:
            row = conn.execute(
                f"SELECT {COLUMNS} FROM segments WHERE tenant = ? AND language = ? "
                "AND source_hash = ?",
                (tenant, language, segment_hash(source)),
            ).fetchone()
        return _match(row, 100.0) if row else None

    def fuzzy(
        self, tenant: str, language: str, source: str, limit: int = 3, min_score: float = 75.0
    ) -> list[MemoryMatch]:
        """Up to `limit` remembered translations whose source is at least `min_score` similar
        (rapidfuzz ratio), best first, among the tenant's most recent segments of the language."""
        query = normalised(source)
        if not query or len(source) > self.limits.segment_chars:
            return []
        with self._connection() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS}, lookup FROM segments WHERE tenant = ? AND language = ? "
                "ORDER BY created DESC LIMIT ?",
                (tenant, language, self.limits.fuzzy_candidates),
            ).fetchall()
        found = process.extract(
            query,
            [row[-1] for row in rows],
            scorer=fuzz.ratio,
            limit=limit,
            score_cutoff=min_score,
        )
        return [_match(rows[index][:-1], round(score, 1)) for _, score, index in found]

    def pairs(self, tenant: str | None = None) -> Iterator[MemoryEntry]:
        """Every stored pair (of one tenant, or all), edits first, then newest first."""
        where, args = ("WHERE tenant = ?", (tenant,)) if tenant is not None else ("", ())
        with self._connection() as conn:
            for row in conn.execute(
                f"SELECT {COLUMNS}, tenant, language FROM segments {where} "
                "ORDER BY origin = 'edited' DESC, created DESC",
                args,
            ):
                match = _match(row[:-2], 100.0)
                yield MemoryEntry(**match.model_dump(), tenant=row[-2], language=row[-1])


def _match(row: tuple[object, ...], score: float) -> MemoryMatch:
    """A stored row (FIELDS) as a match of this score."""
    return MemoryMatch.model_validate({**dict(zip(FIELDS, row, strict=True)), "score": score})
