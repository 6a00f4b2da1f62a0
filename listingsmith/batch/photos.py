"""Where a record's image names lead: the catalogue's own folder for a local run, and for a
service job only the photos sent with it, stored in the job's folder under names of ours. No
message names a path on this machine."""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO, Protocol

# Suffix of a stored photo per image type (the review page serves it with that content type).
SUFFIXES = {"png": ".png", "jpeg": ".jpg", "jpg": ".jpg", "webp": ".webp", "gif": ".gif"}
# An inline photo: data:image/<type>;base64,<content>.
DATA_URL = re.compile(r"data:image/([a-z]+);base64,", re.IGNORECASE)
COPY_CHUNK = 1 << 20


class PhotoRefused(ValueError):
    """A record's image that cannot be used; the message is safe to show the seller."""


class Photos(Protocol):
    """Turns a record's image name into the file to read, or refuses it."""

    def path(self, name: str) -> Path: ...

    def video(self, name: str) -> Path: ...


class LocalPhotos:
    """A local run's photos and videos: paths relative to the catalogue's folder (the user's own
    files)."""

    def __init__(self, base: Path, max_bytes: int, video_bytes: int | None = None) -> None:
        self.base = base
        self.max_bytes = max_bytes
        self.video_bytes = max_bytes if video_bytes is None else video_bytes

    def path(self, name: str) -> Path:
        """The file the name leads to, when it is a file within the byte limit."""
        return self._file(name, self.max_bytes, "image")

    def video(self, name: str) -> Path:
        """The video file the name leads to, when it is a file within the video byte limit."""
        return self._file(name, self.video_bytes, "video")

    def _file(self, name: str, max_bytes: int, kind: str) -> Path:
        if "\0" in name:
            raise PhotoRefused(f"{kind} path contains a NUL byte")
        try:
            path = (self.base / name).resolve()
            size = path.stat().st_size if path.is_file() else None
        except (OSError, ValueError, RuntimeError) as error:
            raise PhotoRefused(f"{kind} path cannot be read") from error
        if size is None:
            raise PhotoRefused(f"{kind} file not found")
        if size > max_bytes:
            raise PhotoRefused(f"{kind} file is larger than {max_bytes} bytes")
        return path


class JobPhotos:
    """A service job's photos and videos, kept in its folder: files uploaded with the job (a
    record names one by its file name) and photos as data: URLs in the records. Nothing else on
    the server is reachable."""

    def __init__(
        self,
        folder: Path,
        max_bytes: int,
        video_bytes: int | None = None,
        video_suffixes: Collection[str] = (),
    ) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.video_bytes = max_bytes if video_bytes is None else video_bytes
        self.video_suffixes = video_suffixes
        self._uploaded: dict[str, Path] = {}
        self._videos: dict[str, Path] = {}
        self._stored = 0

    def add(self, name: str, data: BinaryIO) -> None:
        """Keep an uploaded file for records to name; refused when its name repeats another's,
        its type is not an image type, or it is over the byte limit."""
        if name in self._uploaded:
            raise PhotoRefused("two uploaded images have this file name")
        kind = name.rpartition(".")[2].lower()
        self._uploaded[name] = self._store(data, kind)

    def add_video(self, name: str, data: BinaryIO) -> None:
        """Keep an uploaded video for records to name; refused when its name repeats another's,
        its suffix is not a video type read, or it is over the video byte limit."""
        if name in self._videos:
            raise PhotoRefused("two uploaded videos have this file name")
        suffix = "." + name.rpartition(".")[2].lower()
        if suffix not in self.video_suffixes:
            raise PhotoRefused(
                f"video type must be one of {', '.join(sorted(self.video_suffixes))}"
            )
        self._videos[name] = self._write(data, suffix, self.video_bytes, "video")

    def video(self, name: str) -> Path:
        """The stored file of an uploaded video's name."""
        if name in self._videos:
            return self._videos[name]
        raise PhotoRefused("names no video sent with this job: give an uploaded video's file name")

    def path(self, name: str) -> Path:
        """The stored file of an uploaded name, or of a data: URL (decoded and stored now)."""
        inline = DATA_URL.match(name)
        if inline:
            return self._store_inline(name[inline.end() :], inline.group(1).lower())
        if name in self._uploaded:
            return self._uploaded[name]
        raise PhotoRefused(
            "names no image sent with this job: give an uploaded image's file name or a data: URL"
        )

    def _store_inline(self, content: str, kind: str) -> Path:
        if len(content) > 4 * (self.max_bytes // 3 + 1):
            raise PhotoRefused(f"image is larger than {self.max_bytes} bytes")
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError) as error:
            raise PhotoRefused("data: URL content is not valid base64") from error
        return self._store(io.BytesIO(data), kind)

    def _store(self, data: BinaryIO, kind: str) -> Path:
        suffix = SUFFIXES.get(kind)
        if suffix is None:
            raise PhotoRefused(f"image type must be one of {', '.join(sorted(SUFFIXES))}")
        return self._write(data, suffix, self.max_bytes, "image")

    def _write(self, data: BinaryIO, suffix: str, max_bytes: int, kind: str) -> Path:
        """The upload stored under a name of ours; refused once it passes `max_bytes`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self._stored}{suffix}"
        self._stored += 1
        written = 0
        with path.open("wb") as out:
            while chunk := data.read(COPY_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    break
                out.write(chunk)
        if written > max_bytes:
            path.unlink()
            raise PhotoRefused(f"{kind} is larger than {max_bytes} bytes")
        return path
