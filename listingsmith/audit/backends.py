"""The audit log where a location says: a PostgreSQL URL, or an SQLite file path."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from listingsmith.audit.anchors import Anchor, anchors_and_heads
from listingsmith.audit.log import AuditLog, verify
from listingsmith.audit.postgres import PostgresAuditLog, anchors_and_heads_url, verify_url
from listingsmith.audit.signing import Signer

URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(location: str | Path) -> bool:
    """Whether `location` names a PostgreSQL database rather than a file."""
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def open_audit_log(
    location: str | Path, signer: Signer | None = None, anchor_every: int = 0
) -> AuditLog | PostgresAuditLog:
    """The audit log at `location`."""
    if is_database_url(location):
        return PostgresAuditLog(str(location), signer, anchor_every)
    return AuditLog(Path(location), signer, anchor_every)


def verify_audit(location: str | Path) -> tuple[int, str | None]:
    """(events checked, None) if the chain at `location` holds; else the first bad event."""
    return verify_url(str(location)) if is_database_url(location) else verify(Path(location))


def read_anchors_and_heads(location: str | Path) -> tuple[list[Anchor], dict[int, str]]:
    """The anchors at `location` and each event's hash by seq."""
    if is_database_url(location):
        return anchors_and_heads_url(str(location))
    return anchors_and_heads(Path(location))


def without_password(location: str | Path) -> str:
    """`location` fit to record: a database URL's password dropped."""
    if not is_database_url(location):
        return str(location)
    parts = urlsplit(str(location))
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    netloc += f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=netloc))
