"""Key frames kept by the video's content, so a video is decoded once: the draft after the
extract, a retried or resumed product, a variant's sibling thread and a moved copy of the same
file all get the stored frames. An entry's key is the SHA-256 of the video's bytes, of the
settings that shape its frames and of the frames' format; the store keeps the most recently
used `stored_videos` entries."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from listingsmith.config import VideoSettings
from listingsmith.videos.container import VideoError, reason
from listingsmith.videos.decode import key_frames

# The frames' format: bumped when the same video and settings give other frames (2: upright).
FORMAT = 2
MANIFEST = "frames.json"
# zlib level of the stored PNGs: 1 writes them about 2.4x faster than Pillow's default 6, for
# files about 3 % larger (a 768 px photo-like frame).
PNG_COMPRESSION = 1
# Bytes of a video read into its digest at a time.
CHUNK = 1 << 20
# Videos whose content digest a process remembers by their file identity.
DIGESTS_KEPT = 1024
# Settings that do not shape the frames (the store's own size) stay out of the key.
UNKEYED = {"stored_videos"}
# An unfinished entry (its writer died) older than this is removed when the store is pruned.
STALE_SECONDS = 3600.0
PARTIAL_PREFIX = ".new-"


@dataclass(frozen=True)
class StoredFrame:
    """A stored key frame: when it shows (seconds from the start) and its PNG file."""

    seconds: float
    path: Path


def stored_key_frames(path: Path, settings: VideoSettings, store: Path) -> list[StoredFrame]:
    """The video's key frames from the store, decoded (key_frames) and stored when missing."""
    folder = store / entry_key(path, settings)
    found = _read(folder)
    if found is not None:
        return found
    shutil.rmtree(folder, ignore_errors=True)  # a damaged entry (an entry is renamed in whole)
    frames = key_frames(path, settings)
    store.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=store))
    listed = []
    for number, frame in enumerate(frames):
        frame.image.save(partial / f"{number}.png", compress_level=PNG_COMPRESSION)
        listed.append({"seconds": frame.seconds, "file": f"{number}.png"})
    (partial / MANIFEST).write_text(json.dumps(listed), encoding="utf-8")
    try:
        partial.rename(folder)
    except OSError:  # another reader stored it first
        shutil.rmtree(partial, ignore_errors=True)
    _prune(store, settings.stored_videos)
    stored = _read(folder)
    if stored is None:
        raise VideoError("key frames could not be stored")
    return stored


def entry_key(path: Path, settings: VideoSettings) -> str:
    """SHA-256 of the video's bytes, the frame-shaping settings and the format."""
    try:
        found = path.stat()
    except OSError as error:
        raise VideoError(f"unreadable video: {reason(error)}") from error
    identity = (str(path.resolve()), found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
    digest = hashlib.sha256(content_digest(*identity))
    digest.update(settings.model_dump_json(exclude=UNKEYED).encode("utf-8"))
    digest.update(f"format {FORMAT}".encode())
    return digest.hexdigest()


@lru_cache(maxsize=DIGESTS_KEPT)
def content_digest(path: str, *identity: int) -> bytes:
    """SHA-256 of the file's bytes, read once per file identity (device, inode, size and
    modification time): a file written again gets a new identity and is read again."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as error:
        raise VideoError(f"unreadable video: {reason(error)}") from error
    return digest.digest()


def save_key_frames(
    videos: list[str], folder: Path, settings: VideoSettings, store: Path
) -> list[str]:
    """Every video's key frames as PNG files in `folder`, named after the video and the time
    they show (clip.mp4@1.5s.png), for the photo path to read like photos; a video that fails
    raises VideoError naming its field (videos[i])."""
    saved = []
    for index, video in enumerate(videos):
        try:
            saved += _copy_frames(Path(video), folder / str(index), settings, store)
        except VideoError as error:
            raise VideoError(f"videos[{index}]: {error}") from error
    return saved


def _copy_frames(video: Path, folder: Path, settings: VideoSettings, store: Path) -> list[str]:
    """The video's stored frames copied into `folder` (once more from a fresh decode when the
    store lost them meanwhile)."""
    for last_try in (False, True):
        copied = []
        try:
            for number, frame in enumerate(stored_key_frames(video, settings, store)):
                path = folder / str(number) / f"{video.name}@{frame.seconds:.1f}s.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(frame.path, path)
                copied.append(str(path))
            return copied
        except FileNotFoundError:  # pruned by another reader between listing and copying
            if last_try:
                raise
            shutil.rmtree(store / entry_key(video, settings), ignore_errors=True)
    return []


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link to the stored frame (it outlives the entry's pruning), or a copy where the
    two folders are on different file systems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _read(folder: Path) -> list[StoredFrame] | None:
    """A stored entry's frames (its use time renewed), None when it is missing or damaged."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        frames = [StoredFrame(float(f["seconds"]), folder / str(f["file"])) for f in listed]
        if not frames or not all(f.path.is_file() for f in frames):
            return None
        os.utime(folder)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return frames


def _prune(store: Path, keep: int) -> None:
    """Remove the least recently used entries past `keep`, and stale unfinished ones."""
    entries, now = [], time.time()
    for entry in store.iterdir():
        try:
            used = entry.stat().st_mtime
        except OSError:
            continue
        if entry.name.startswith(PARTIAL_PREFIX):
            if now - used > STALE_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_dir():
            entries.append((used, entry))
    for _, entry in sorted(entries, reverse=True)[keep:]:
        shutil.rmtree(entry, ignore_errors=True)
