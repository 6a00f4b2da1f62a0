"""The validated policy packs kept between runs: a command's cold start otherwise reads and
validates every pack's YAML (about half a second of a `policies check`).

Kept in Settings.packs_cache_dir as one pickle file named by the hash of everything the packs
are built from: the pack files' names and bytes, the field-limit files their max_length rules
read, the source of the modules that define and validate them, the rule kinds, and the Python
and pydantic versions. A changed pack file is another key: the packs are read again and the
old file removed. The folder is the user's own cache (a pickle runs code when loaded): a file
that another user owns or may write, or that cannot be read, is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

import pydantic

SUFFIX = ".pickle"
# The modules whose code decides what a pack file validates to.
SOURCES = (
    "listingsmith.domain",
    "listingsmith.policies.borrowing",
    "listingsmith.policies.exceptions",
    "listingsmith.policies.packs",
    "listingsmith.policies.title_scope",
    "listingsmith.text.field_limits",
)


def packs_key(files: Iterable[tuple[str, bytes]], kinds: Iterable[str]) -> str:
    """The hash of the pack files (name, bytes) and of all else the packs are built from."""
    digest = hashlib.sha256()

    def add(name: str, data: bytes) -> None:
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)

    for name, data in files:
        add(f"pack:{name}", data)
    limits = resources.files("listingsmith.text").joinpath("field_limits")
    for item in sorted(limits.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            add(f"limits:{item.name}", item.read_bytes())
    # The `named` sets a scope's exclude_named is validated against.
    named = resources.files("listingsmith.policies").joinpath("title_scope.yaml")
    add("title_scope", named.read_bytes())
    for module in SOURCES:
        add(f"source:{module}", Path(sys.modules[module].__file__ or "").read_bytes())
    add("kinds", "\n".join(sorted(kinds)).encode())
    add("versions", f"{sys.version}\0{pydantic.VERSION}".encode())
    return digest.hexdigest()


def cached(folder: Path, key: str) -> Any | None:
    """What was stored under `key`, or None (none stored, a file that cannot be read, or one
    that is not the user's own: see trusted)."""
    try:
        with (folder / f"{key}{SUFFIX}").open("rb") as handle:
            return pickle.load(handle) if trusted(handle, folder) else None
    except Exception:  # none stored, or a truncated or foreign file: read the packs again
        return None


def trusted(handle: BinaryIO, folder: Path) -> bool:
    """Whether an open cache file may be unpickled (a pickle runs code when loaded): it and its
    folder belong to this user and nobody else may write to them."""
    if not hasattr(os, "getuid"):
        return True
    for found in (os.fstat(handle.fileno()), folder.stat()):
        if found.st_uid != os.getuid() or found.st_mode & stat.S_IWOTH:
            return False
    return True


def store(folder: Path, key: str, value: Any) -> None:
    """Keep `value` under `key` (written whole, then renamed), and remove the other keys' files.
    A cache that cannot be written is no error: the next run reads the packs again."""
    try:
        write_whole(folder / f"{key}{SUFFIX}", value)
        for old in folder.glob(f"*{SUFFIX}"):
            if old.name != f"{key}{SUFFIX}":
                old.unlink(missing_ok=True)
    except OSError:
        return


def write_whole(path: Path, value: Any) -> None:
    """Pickle `value` into `path`: written whole beside it, then renamed, so a process reading
    it (another worker starting) never sees half a file. Raises OSError."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
