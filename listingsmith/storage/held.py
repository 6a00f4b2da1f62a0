"""The review queue's index: one row per held listing of the runs under review (its job, thread,
locale, tenant, why it was held), in the service's SQLite file or the database, so that a page of
the queue is one keyset query on an index, however many listings are held. A run's checkpoints
are read once, when it first shows up (a job that finished, a CLI run that changed); a decision
updates its own row."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from listingsmith.storage.shared import Connection, Location, SharedStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS held_listings (
    job TEXT NOT NULL, thread_id TEXT NOT NULL, locale TEXT NOT NULL, tenant TEXT NOT NULL,
    sku TEXT NOT NULL, variant TEXT NOT NULL, interrupt_id TEXT NOT NULL, run_id TEXT NOT NULL,
    since REAL NOT NULL, rules TEXT NOT NULL, payload TEXT NOT NULL,
    PRIMARY KEY (job, thread_id, locale)
);
CREATE INDEX IF NOT EXISTS held_order ON held_listings (since, job, thread_id, locale);
CREATE INDEX IF NOT EXISTS held_tenant ON held_listings (tenant, since, job, thread_id, locale);
CREATE INDEX IF NOT EXISTS held_key ON held_listings (job, sku, locale, variant);
CREATE TABLE IF NOT EXISTS held_runs (
    job TEXT PRIMARY KEY, tenant TEXT NOT NULL, marker REAL NOT NULL
);
"""
COLUMNS = (
    "job",
    "thread_id",
    "locale",
    "tenant",
    "sku",
    "variant",
    "interrupt_id",
    "run_id",
    "since",
    "rules",
    "payload",
)
# The queue's order, oldest first; a page starts after (or ends before) one of these keys.
ORDER = ("since", "job", "thread_id", "locale")
NO_TENANT = ""  # a CLI run's listings: only a key without a tenant sees them
Key = tuple[float, str, str, str]


class Held(Protocol):
    """A held listing as the checkpoints give it (batch/review.py's HeldItem)."""

    @property
    def thread_id(self) -> str: ...
    @property
    def run_id(self) -> str: ...
    @property
    def sku(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def interrupt_id(self) -> str: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def variant_id(self) -> str | None: ...


@dataclass(frozen=True)
class HeldRow:
    """One held listing as the index holds it: enough to show it in the queue, to find its
    thread, and to decide it (its interrupt id)."""

    job: str
    thread_id: str
    locale: str
    tenant: str
    sku: str
    variant: str
    interrupt_id: str
    run_id: str
    since: float
    rules: str
    payload: dict[str, Any]

    @property
    def variant_id(self) -> str | None:
        """The variant this held listing is, else None (as HeldItem says it)."""
        return self.variant or None

    @property
    def key(self) -> Key:
        """Its place in the queue's order."""
        return (self.since, self.job, self.thread_id, self.locale)


def cursor_of(key: Key) -> str:
    """A place in the queue as an opaque, URL-safe token."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def key_of(cursor: str) -> Key:
    """The place a cursor names; ValueError when it is not one."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError("not a queue cursor") from error
    if not (
        isinstance(raw, list)
        and len(raw) == 4
        and isinstance(raw[0], int | float)
        and all(isinstance(part, str) for part in raw[1:])
    ):
        raise ValueError("not a queue cursor")
    return (float(raw[0]), raw[1], raw[2], raw[3])


def rules_of(payload: dict[str, Any]) -> str:
    """The rule ids of a held listing's findings, each between newlines (found with instr)."""
    rules = sorted({str(f.get("rule_id", "")) for f in payload.get("findings", [])})
    return "\n" + "".join(f"{rule}\n" for rule in rules)


@dataclass(frozen=True)
class Wanted:
    """Which held listings a page draws from: a tenant's (None: every one), a locale, a rule
    id, held since at most `since` (unix seconds; None: any)."""

    tenant: str | None = None
    locale: str = ""
    rule: str = ""
    since: float | None = None

    def where(self, on_database: bool) -> tuple[list[str], list[Any]]:
        """Its SQL conditions and their arguments (PostgreSQL's strpos is SQLite's instr)."""
        conditions, args = [], []
        find = "strpos" if on_database else "instr"
        for condition, arg, given in (
            ("tenant = ?", self.tenant, self.tenant is not None),
            ("locale = ?", self.locale, bool(self.locale)),
            (f"{find}(rules, ?) > 0", f"\n{self.rule}\n", bool(self.rule)),
            ("since <= ?", self.since, self.since is not None),
        ):
            if given:
                conditions.append(condition)
                args.append(arg)
        return conditions, args


@dataclass(frozen=True)
class Page:
    """One page of the queue: its rows in order, and the cursors of the pages before and after
    it (None: there is none)."""

    rows: list[HeldRow]
    previous: str | None
    next: str | None


def page_query(
    wanted: Wanted, after: Key | None, before: Key | None, size: int, on_database: bool = False
) -> tuple[str, list[Any]]:
    """The SQL and arguments of one page (one row more than `size`, to know if more follow):
    keyset on ORDER, descending when it ends before a key."""
    conditions, args = wanted.where(on_database)
    order = ", ".join(ORDER)
    if after is not None:
        conditions.append(f"({order}) > (?, ?, ?, ?)")
        args += list(after)
    if before is not None:
        conditions.append(f"({order}) < (?, ?, ?, ?)")
        args += list(before)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    direction = " DESC" if before is not None and after is None else ""
    by = ", ".join(f"{column}{direction}" for column in ORDER)
    sql = f"SELECT {', '.join(COLUMNS)} FROM held_listings{where} ORDER BY {by} LIMIT ?"
    return sql, [*args, size + 1]


def _row(values: Sequence[Any]) -> HeldRow:
    row = dict(zip(COLUMNS, values, strict=True))
    row["payload"] = json.loads(row["payload"])
    return HeldRow(**row)


class HeldIndex(SharedStore):
    """The index of held listings (see the module)."""

    def __init__(self, location: Location) -> None:
        super().__init__(location, SCHEMA)

    def runs(self) -> dict[str, float]:
        """The runs indexed, each with the marker it had then."""
        with self._connection() as conn:
            return {
                row[0]: float(row[1]) for row in conn.execute("SELECT job, marker FROM held_runs")
            }

    def replace(
        self, job: str, tenant: str, since: float, items: Iterable[Held], marker: float
    ) -> None:
        """Index a run's held listings afresh (its rows before are dropped)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM held_listings WHERE job = ?", (job,))
            self._insert(conn, job, tenant, since, items)
            conn.execute("DELETE FROM held_runs WHERE job = ?", (job,))
            conn.execute(
                "INSERT INTO held_runs (job, tenant, marker) VALUES (?, ?, ?)",
                (job, tenant, marker),
            )

    def forget(self, job: str) -> None:
        """Drop a run that is no longer under review."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM held_listings WHERE job = ?", (job,))
            conn.execute("DELETE FROM held_runs WHERE job = ?", (job,))

    def decided(
        self, job: str, sku: str, locale: str, variant: str | None, held_again: Held | None = None
    ) -> None:
        """A decision's outcome on (sku, locale) (of `variant`; None: whichever was held): the
        listing is no longer held, or is held again (an edit that still fails its checks)
        with a new interrupt."""
        where = "WHERE job = ? AND sku = ? AND locale = ?"
        args: list[Any] = [job, sku, locale]
        if variant is not None:
            where, args = where + " AND variant = ?", [*args, variant]
        with self._transaction() as conn:
            found = conn.execute(
                f"SELECT tenant, since FROM held_listings {where}", args
            ).fetchone()
            conn.execute(f"DELETE FROM held_listings {where}", args)
            if held_again is not None and found is not None:
                self._insert(conn, job, found[0], float(found[1]), [held_again])

    def marked(self, job: str, marker: float) -> None:
        """The run's marker now (a decision changed it: the index is up to date with it)."""
        with self._connection() as conn:
            conn.execute("UPDATE held_runs SET marker = ? WHERE job = ?", (marker, job))

    def held_in(self, job: str) -> int:
        """How many listings of a job await a decision."""
        with self._connection() as conn:
            sql = "SELECT count(*) FROM held_listings WHERE job = ?"
            return int(conn.execute(sql, (job,)).fetchone()[0])

    def find(self, job: str, sku: str, locale: str, variant: str | None) -> HeldRow | None:
        """The held listing of (sku, locale) in a job (of `variant`, when given; the first
        otherwise)."""
        sql = (
            f"SELECT {', '.join(COLUMNS)} FROM held_listings "
            "WHERE job = ? AND sku = ? AND locale = ?"
        )
        args: list[Any] = [job, sku, locale]
        if variant is not None:
            sql, args = sql + " AND variant = ?", [*args, variant]
        with self._connection() as conn:
            found = conn.execute(sql + " ORDER BY variant LIMIT 1", args).fetchone()
        return _row(found) if found else None

    def page(
        self,
        wanted: Wanted,
        size: int,
        after: Key | None = None,
        before: Key | None = None,
    ) -> Page:
        """`size` held listings in the queue's order, after (or before) a key."""
        sql, args = page_query(wanted, after, before, size, self.on_database)
        with self._connection() as conn:
            rows = [_row(values) for values in conn.execute(sql, args).fetchall()]
            more = len(rows) > size
            rows = rows[:size]
            backwards = before is not None and after is None
            if backwards:
                rows.reverse()
            if not rows:
                return Page([], None, None)
            earlier = more if backwards else self._any(conn, wanted, before=rows[0].key)
            later = self._any(conn, wanted, after=rows[-1].key) if backwards else more
        return Page(
            rows,
            cursor_of(rows[0].key) if earlier else None,
            cursor_of(rows[-1].key) if later else None,
        )

    def _any(
        self, conn: Connection, wanted: Wanted, after: Key | None = None, before: Key | None = None
    ) -> bool:
        """Whether any held listing lies beyond a key (one row read on the index)."""
        sql, args = page_query(wanted, after, before, 0, self.on_database)
        return conn.execute(sql, args).fetchone() is not None

    def count(self, wanted: Wanted) -> int:
        """How many held listings `wanted` takes (read on the index, not the rows)."""
        conditions, args = wanted.where(self.on_database)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        with self._connection() as conn:
            return int(
                conn.execute(f"SELECT count(*) FROM held_listings{where}", args).fetchone()[0]
            )

    def choices(self, tenant: str | None) -> dict[str, list[str]]:
        """The locales and rule ids of the tenant's held listings, for the filter's menus."""
        conditions, args = Wanted(tenant).where(self.on_database)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        with self._connection() as conn:
            locales = [
                r[0]
                for r in conn.execute(f"SELECT DISTINCT locale FROM held_listings{where}", args)
            ]
            sets = [
                r[0] for r in conn.execute(f"SELECT DISTINCT rules FROM held_listings{where}", args)
            ]
        rules = {rule for joined in sets for rule in joined.split("\n") if rule}
        return {"locales": sorted(locales), "rules": sorted(rules)}

    @staticmethod
    def _insert(
        conn: Connection, job: str, tenant: str, since: float, items: Iterable[Held]
    ) -> None:
        conn.executemany(
            f"INSERT INTO held_listings ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(COLUMNS))})",
            [
                (
                    job,
                    item.thread_id,
                    item.locale,
                    tenant,
                    item.sku,
                    item.variant_id or "",
                    item.interrupt_id,
                    item.run_id,
                    since,
                    rules_of(item.payload),
                    json.dumps(item.payload, ensure_ascii=False),
                )
                for item in items
            ],
        )
