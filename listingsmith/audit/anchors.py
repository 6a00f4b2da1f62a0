"""Signed anchors of the audit chain: (event seq, the chain's head hash there, time, key
fingerprint) signed with Ed25519 by a key kept outside the audit file. Whoever can write the
file can drop its triggers and recompute every hash, but cannot sign: `check_anchors` finds
the first anchor whose signature or head the file no longer matches."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from listingsmith.audit.signing import Signer, fingerprint, signature_valid

ANCHOR_FORMAT = "listingsmith-audit-anchor/1"
ANCHOR_SCHEMA = """
CREATE TABLE IF NOT EXISTS anchors (
    seq INTEGER PRIMARY KEY,
    head TEXT NOT NULL,
    ts REAL NOT NULL,
    key_fingerprint TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS anchors_no_update BEFORE UPDATE ON anchors
BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;
CREATE TRIGGER IF NOT EXISTS anchors_no_delete BEFORE DELETE ON anchors
BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;
"""
ANCHOR_FIELDS = ("seq", "head", "ts", "key_fingerprint", "signature")


@dataclass(frozen=True)
class Anchor:
    """The chain's head hash at event `seq`, signed by the key with `key_fingerprint`."""

    seq: int
    head: str
    ts: float
    key_fingerprint: str
    signature: str

    def statement(self) -> bytes:
        """The bytes signed: every field but the signature, as canonical JSON."""
        return signed_statement(self.seq, self.head, self.ts, self.key_fingerprint)

    def as_dict(self) -> dict[str, Any]:
        """The anchor as run.json records it."""
        return asdict(self)


def signed_statement(seq: int, head: str, ts: float, key_fingerprint: str) -> bytes:
    """Canonical JSON of what an anchor asserts."""
    body = {"format": ANCHOR_FORMAT, "seq": seq, "head": head, "ts": ts, "key": key_fingerprint}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign_head(signer: Signer, seq: int, head: str, ts: float) -> Anchor:
    """An anchor of the chain's head `head` at event `seq`."""
    signature = signer.sign(signed_statement(seq, head, ts, signer.fingerprint))
    return Anchor(seq, head, ts, signer.fingerprint, signature)


def insert_anchor(db: Any, anchor: Anchor, mark: str = "?") -> None:
    """Store an anchor (inside the caller's transaction) through a DB-API-like connection
    whose parameter mark is `mark` (sqlite3: ?, psycopg: %s)."""
    db.execute(
        f"INSERT INTO anchors ({', '.join(ANCHOR_FIELDS)}) VALUES ({', '.join([mark] * 5)})",
        tuple(getattr(anchor, name) for name in ANCHOR_FIELDS),
    )


def anchor_at(db: Any, seq: int, mark: str = "?") -> Anchor | None:
    """The anchor of event `seq`, if there is one."""
    row = db.execute(
        f"SELECT {', '.join(ANCHOR_FIELDS)} FROM anchors WHERE seq = {mark}", (seq,)
    ).fetchone()
    return Anchor(*row) if row else None


def read_anchors(db: sqlite3.Connection) -> list[Anchor]:
    """Every anchor in seq order ([] for an audit file older than anchors)."""
    try:
        rows = db.execute(f"SELECT {', '.join(ANCHOR_FIELDS)} FROM anchors ORDER BY seq")
    except sqlite3.OperationalError:
        return []
    return [Anchor(*row) for row in rows]


@dataclass(frozen=True)
class AnchorReport:
    """What `check_anchors` found: anchors checked, the last anchored event, events after
    it (not signed yet), and the first problem (None: every anchor holds)."""

    anchors: int
    last_seq: int | None
    unsigned_events: int
    problem: str | None


def check_anchors(
    path: Path, keys: list[Ed25519PublicKey], expected: Anchor | None = None
) -> AnchorReport:
    """Check every anchor's signature (by the key its fingerprint names) and that the chain
    still has the signed head at its seq; `expected` (run.json's anchor, kept elsewhere)
    must still be in the file, so deleted anchors are found too."""
    return judge_anchors(*anchors_and_heads(path), keys, expected)


def anchors_and_heads(path: Path) -> tuple[list[Anchor], dict[int, str]]:
    """An audit file's anchors and each event's hash by seq."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return read_anchors(db), dict(db.execute("SELECT seq, hash FROM events"))
    finally:
        db.close()


def judge_anchors(
    anchors: list[Anchor],
    heads: dict[int, str],
    keys: list[Ed25519PublicKey],
    expected: Anchor | None = None,
) -> AnchorReport:
    """check_anchors on anchors and heads already read (from any backend)."""
    by_fingerprint = {fingerprint(key): key for key in keys}
    last = anchors[-1].seq if anchors else None
    unsigned = sum(1 for seq in heads if last is None or seq > last)

    def report(problem: str | None) -> AnchorReport:
        return AnchorReport(len(anchors), last, unsigned, problem)

    for anchor in anchors:
        problem = _anchor_problem(anchor, by_fingerprint, heads)
        if problem:
            return report(f"anchor at event {anchor.seq}: {problem}")
    if expected is not None and expected not in anchors:
        kept = {a.seq: a for a in anchors}.get(expected.seq)
        why = "differs from the file's" if kept else "is not in the file (anchors deleted)"
        return report(f"the expected anchor at event {expected.seq} {why}")
    if not anchors:
        return report("no signed anchors: the chain's head was never signed here")
    return report(None)


def _anchor_problem(
    anchor: Anchor, keys: dict[str, Ed25519PublicKey], heads: dict[int, str]
) -> str | None:
    key = keys.get(anchor.key_fingerprint)
    if key is None:
        return f"signed by another key ({anchor.key_fingerprint})"
    if not signature_valid(key, anchor.statement(), anchor.signature):
        return "the signature does not match (anchor edited or forged)"
    if anchor.seq not in heads:
        return f"the chain has no event {anchor.seq} (events deleted)"
    if heads[anchor.seq] != anchor.head:
        return "the chain's head there is not the signed one (events rewritten)"
    return None
