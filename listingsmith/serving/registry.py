"""Pidfiles of the model servers this machine runs (one per served configuration, under the
cache dir), so that a new run reuses a healthy server of the same model instead of starting a
second one beside it, and reaps a server whose owner is gone."""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from listingsmith.serving.tether import start_time, stop_group

# How long a reaped server gets to exit after SIGTERM before SIGKILL.
REAP_GRACE_S = 30.0
WAIT_POLL_S = 2.0


@dataclass(frozen=True)
class ServerRecord:
    """A started server: what it serves, where, its process and the process that owns it
    (pids with their start times, so a reused pid never passes for them)."""

    fingerprint: str
    url: str
    pid: int
    pid_started: int
    owner: int
    owner_started: int

    def server_alive(self) -> bool:
        """The recorded server process is still running."""
        return start_time(self.pid) == self.pid_started

    def owner_alive(self) -> bool:
        """The process that started it is still running."""
        return start_time(self.owner) == self.owner_started


class ServerRegistry:
    """The pidfiles in one folder, read and written under a file lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, fingerprint: str) -> Path:
        return self.folder / f"{fingerprint[:16]}.json"

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / ".lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _read(self, path: Path) -> ServerRecord | None:
        try:
            return ServerRecord(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def reap_stale(self) -> list[ServerRecord]:
        """Drop every record whose server is gone, and stop every server whose owner is gone
        (an orphan); returns the orphans stopped."""
        reaped = []
        with self._locked():
            for path in self.folder.glob("*.json"):
                record = self._read(path)
                if record is not None and record.server_alive():
                    if record.owner_alive():
                        continue
                    stop_group(record.pid, REAP_GRACE_S)
                    reaped.append(record)
                path.unlink(missing_ok=True)
        return reaped

    def find(
        self, fingerprint: str, healthy: Callable[[str], bool], timeout_s: float
    ) -> ServerRecord | None:
        """A live server of this configuration once it answers healthy (one still starting is
        waited for, up to `timeout_s`); None when there is none, or it died or never got
        healthy. Stale records are reaped first."""
        self.reap_stale()
        record = self._read(self._path(fingerprint))
        if record is None or record.fingerprint != fingerprint:
            return None
        deadline = time.monotonic() + timeout_s
        while record.server_alive():
            if healthy(record.url):
                return record
            if time.monotonic() >= deadline:
                return None
            time.sleep(WAIT_POLL_S)
        return None

    @contextmanager
    def registered(self, fingerprint: str, url: str, pid: int) -> Iterator[ServerRecord | None]:
        """Record a server this process started, for as long as the block runs (nothing is
        recorded where /proc cannot tell a process's start time, or the server is gone)."""
        started, owner_started = start_time(pid), start_time(os.getpid())
        if started is None or owner_started is None:
            yield None
            return
        record = ServerRecord(fingerprint, url, pid, started, os.getpid(), owner_started)
        path = self._path(fingerprint)
        with self._locked():
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(asdict(record)), encoding="utf-8")
            temporary.replace(path)
        try:
            yield record
        finally:
            with self._locked():
                if self._read(path) == record:
                    path.unlink(missing_ok=True)
