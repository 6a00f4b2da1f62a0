"""The phrase matchers kept between runs: a cold process otherwise builds one per (phrases,
language) it meets, reading, stemming and lemmatising every phrase of the packs (about a second
of a `policies check` of the dev split, 188 matchers), where loading one takes about a
millisecond.

Kept in Settings.matchers_cache_dir, one pickle file a matcher, named by the hash of its
(phrase, mode, tag) entries and language, in a folder named by the hash of everything else a
matcher is built from: the source of the modules that build it and read its phrases (the reader,
the stems, the lemmas) with their data files, and the versions of Python and of the libraries
they call (pyahocorasick, simplemma, PyStemmer, SudachiPy and its dictionary, confusable
homoglyphs, OpenCC, PyYAML). A new folder (changed code or libraries) removes the others. A file
holds the entries and language beside the matcher, and is used only where they are the ones
asked for; one that cannot be read, or that another user owns or may write, is ignored and
replaced (pack_cache.trusted: a pickle runs code when loaded).
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import sys
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from listingsmith.policies.pack_cache import SUFFIX, cached, write_whole

# The modules whose code decides what a matcher holds.
SOURCES = (
    "listingsmith.policies.matching",
    "listingsmith.text.lemmas",
    "listingsmith.text.reader",
    "listingsmith.text.stems",
)
# Their data files (in listingsmith.text).
DATA = ("reader.yaml", "stems.yaml")
# The distributions whose behaviour does: the automata, the lemmas and stems of phrase words,
# the reader's look-alike letters and script folding, the data files' parser.
LIBRARIES = (
    "pyahocorasick",
    "simplemma",
    "PyStemmer",
    "SudachiPy",
    "SudachiDict-core",
    "confusable-homoglyphs",
    "OpenCC",
    "PyYAML",
)

Entries = tuple[tuple[str, str, str], ...]


@cache
def generation() -> str:
    """The hash of all a matcher is built from but its entries and language (per process: the
    code and libraries of a running process do not change)."""
    digest = hashlib.sha256()

    def add(name: str, data: bytes) -> None:
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)

    for module in SOURCES:
        add(f"source:{module}", Path(sys.modules[module].__file__ or "").read_bytes())
    text = resources.files("listingsmith.text")
    for name in DATA:
        add(f"data:{name}", text.joinpath(name).read_bytes())
    add("python", sys.version.encode())
    for library in LIBRARIES:
        add(f"library:{library}", _version(library).encode())
    return digest.hexdigest()


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


def matcher_key(entries: Entries, language: str) -> str:
    """The hash of a matcher's entries and language: its file's name."""
    return hashlib.sha256(repr((language, entries)).encode()).hexdigest()


@cache
def matchers_folder() -> Path | None:
    """This process's matchers cache (read once: a matcher is asked for hundreds of times at
    start); None where the settings cannot be read (matchers are built, as without a cache)."""
    from listingsmith.config import Settings

    try:
        return Settings().matchers_cache_dir
    except ValidationError:
        return None


def kept_matcher(folder: Path, entries: Entries, language: str) -> Any | None:
    """The matcher kept for these entries and language by this generation, or None (none kept,
    a file that cannot be read, or one that holds other entries)."""
    found = cached(folder / generation(), matcher_key(entries, language))
    if isinstance(found, tuple) and len(found) == 3 and found[:2] == (language, entries):
        return found[2]
    return None


def keep_matcher(folder: Path, entries: Entries, language: str, matcher: Any) -> None:
    """Keep a matcher just built (written whole, then renamed); the first file of a generation
    removes the folders of the others. A cache that cannot be written is no error."""
    target = folder / generation()
    first = not target.is_dir()
    try:
        write_whole(
            target / f"{matcher_key(entries, language)}{SUFFIX}", (language, entries, matcher)
        )
    except (OSError, pickle.PicklingError):
        return
    if first:
        for other in folder.iterdir():
            if other.is_dir() and other.name != target.name:
                shutil.rmtree(other, ignore_errors=True)
