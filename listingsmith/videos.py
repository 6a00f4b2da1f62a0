"""A product video's key frames, decoded with PyAV (FFmpeg) inside bounds: only the demuxer its
suffix names and local files, listed codecs, duration, frame count, frame size and decoding time
limited. A key frame is the first frame or one that differs enough from the last key frame."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from av.error import FFmpegError
from PIL import Image

from listingsmith.config import VideoSettings

# What PyAV raises on a file FFmpeg cannot open or decode (its errors are ValueErrors/OSErrors).
DECODE_ERRORS = (FFmpegError, OSError, ValueError)
# FFmpeg reads local files only: a format that names another file or a URL gets nothing.
OPEN_OPTIONS = {"protocol_whitelist": "file"}


class VideoError(ValueError):
    """A video that cannot be read safely; the message names no path and fits one line."""


@dataclass(frozen=True)
class KeyFrame:
    """A key frame: when it shows (seconds from the start) and its picture (RGB)."""

    seconds: float
    image: Image.Image


def key_frames(path: Path, settings: VideoSettings) -> list[KeyFrame]:
    """The video's key frames (at most settings.key_frames, each at most frame_side pixels on
    its longest side), decoding it to its end; VideoError when it is out of bounds or broken."""
    demuxer = settings.formats.get(path.suffix.lower())
    if demuxer is None:
        raise VideoError(f"video type must be one of {', '.join(sorted(settings.formats))}")
    try:
        with av.open(str(path), format=demuxer, options=OPEN_OPTIONS) as container:
            if not container.streams.video:
                raise VideoError("video file has no video stream")
            stream = container.streams.video[0]
            _check_stream(stream, container.duration, settings)
            return _sample(container.decode(stream), settings)
    except VideoError:
        raise
    except DECODE_ERRORS as error:
        raise VideoError(f"unreadable video: {_reason(error)}") from error


def check_video(path: Path, settings: VideoSettings) -> str | None:
    """None if the file is a video within the limits that decodes to its end, else why not."""
    try:
        key_frames(path, settings)
    except VideoError as error:
        return str(error)
    return None


def save_key_frames(videos: list[str], folder: Path, settings: VideoSettings) -> list[str]:
    """Every video's key frames as PNG files in `folder`, named after the video and the time
    they show (clip.mp4@1.5s.png), for the photo path to read like photos."""
    saved = []
    for index, video in enumerate(videos):
        for number, frame in enumerate(key_frames(Path(video), settings)):
            path = folder / f"{index}.{number}" / f"{Path(video).name}@{frame.seconds:.1f}s.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            frame.image.save(path)
            saved.append(str(path))
    return saved


def _check_stream(stream: av.VideoStream, duration: int | None, settings: VideoSettings) -> None:
    """Refuse a codec not listed, frames over the pixel limit, or a stated duration over the
    limit (the decoder checks the real frames again)."""
    if stream.codec_context is None:  # PyAV has no decoder for it
        raise VideoError("video codec cannot be decoded")
    codec = stream.codec_context.codec.canonical_name
    if codec not in settings.codecs:
        raise VideoError(f"video codec {codec} is not one of {', '.join(settings.codecs)}")
    _check_pixels(stream.codec_context.width, stream.codec_context.height, settings)
    seconds = (duration or 0) / av.time_base
    if seconds > settings.max_seconds:
        raise VideoError(f"video is {seconds:.1f} s long; the limit is {settings.max_seconds:g} s")


def _check_pixels(width: int, height: int, settings: VideoSettings) -> None:
    if width * height > settings.max_frame_pixels:
        raise VideoError(
            f"video frames have {width * height} pixels; the limit is {settings.max_frame_pixels}"
        )


def _sample(frames: Iterable[av.VideoFrame], settings: VideoSettings) -> list[KeyFrame]:
    """Decode every frame (bounded in count, size and time); look at one every sample_seconds
    and keep the scene changes, at most key_frames of them: past that, the one that changed
    least from the key frame before it goes, so cuts anywhere in the video win over small moves."""
    started = time.monotonic()
    kept: list[_Candidate] = []
    looked = -1  # the sampling slot (sample_seconds long) of the last frame looked at
    for count, frame in enumerate(frames, start=1):
        if count > settings.max_frames:
            raise VideoError(f"video has more than {settings.max_frames} frames")
        if time.monotonic() - started > settings.decode_seconds:
            raise VideoError(f"video takes longer than {settings.decode_seconds:g} s to decode")
        _check_pixels(frame.width, frame.height, settings)
        seconds = float(frame.time or 0.0)
        slot = (
            math.floor(seconds / settings.sample_seconds + 1e-6)
            if settings.sample_seconds
            else count
        )
        if slot <= looked:
            continue
        looked = slot
        side = settings.diff_side
        thumb = frame.to_ndarray(width=side, height=side, format="rgb24").astype(np.int16)
        change = _difference(thumb, kept[-1].thumb) if kept else math.inf
        if change >= settings.scene_change:
            picture = KeyFrame(round(seconds, 3), _picture(frame, settings))
            kept.append(_Candidate(picture, thumb, change))
            if len(kept) > settings.key_frames:
                _drop_least_change(kept)
    if not kept:
        raise VideoError("video has no frame that decodes")
    return [candidate.frame for candidate in kept]


@dataclass
class _Candidate:
    """A key frame while the video is read: its thumbnail, and how much it differs from the key
    frame before it (infinite for the first frame)."""

    frame: KeyFrame
    thumb: np.ndarray
    change: float


def _difference(thumb: np.ndarray, before: np.ndarray) -> float:
    """Mean absolute difference of two thumbnails as a share of full scale (0 to 1)."""
    return float(np.abs(thumb - before).mean()) / 255


def _drop_least_change(kept: list[_Candidate]) -> None:
    """Drop the key frame (never the first) that changed least from the one before it; the one
    after it is then measured against its new predecessor."""
    index = min(range(1, len(kept)), key=lambda i: kept[i].change)
    del kept[index]
    if index < len(kept):
        kept[index].change = _difference(kept[index].thumb, kept[index - 1].thumb)


def _picture(frame: av.VideoFrame, settings: VideoSettings) -> Image.Image:
    """The frame as an RGB picture, at most frame_side pixels on its longest side."""
    scale = min(1.0, settings.frame_side / max(frame.width, frame.height))
    width, height = max(1, round(frame.width * scale)), max(1, round(frame.height * scale))
    return frame.to_image(width=width, height=height)


def _reason(error: Exception) -> str:
    """The decoder's reason without the file name FFmpeg adds to it, cut to one short line."""
    reason = getattr(error, "strerror", None) or str(error)
    return " ".join(str(reason).split())[:200]
