"""Audit events held back until their work commits: a queue worker runs a product with these in
place of the log, then appends them in the transaction that marks the product done, so a worker
killed mid-product leaves no event behind and the product's retry records each event once."""

from __future__ import annotations

from typing import Any, NamedTuple


class Pending(NamedTuple):
    """One event to append: AuditLog.append's arguments."""

    run_id: str
    sku: str
    node: str
    payload: dict[str, Any]
    locale: str | None = None
    attempt: int | None = None


class PendingEvents:
    """Collects the events AuditLog.append would add, in order, for a later append."""

    def __init__(self) -> None:
        self.events: list[Pending] = []

    def append(
        self,
        run_id: str,
        sku: str,
        node: str,
        payload: dict[str, Any],
        locale: str | None = None,
        attempt: int | None = None,
    ) -> None:
        """Hold one event back."""
        self.events.append(Pending(run_id, sku, node, payload, locale, attempt))
