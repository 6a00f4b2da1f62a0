"""A product video's key frames, decoded with PyAV (FFmpeg) inside bounds: only the demuxer its
suffix names and local files, listed codecs, duration, frame count, frame size and decoding time
limited. A key frame is the first frame or one that differs enough from the last key frame."""

from __future__ import annotations

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
    """Decode every frame (bounded in count, size and time) and keep the scene changes."""
    started = time.monotonic()
    side = settings.diff_side
    kept: list[KeyFrame] = []
    last: np.ndarray | None = None
    for count, frame in enumerate(frames, start=1):
        if count > settings.max_frames:
            raise VideoError(f"video has more than {settings.max_frames} frames")
        if time.monotonic() - started > settings.decode_seconds:
            raise VideoError(f"video takes longer than {settings.decode_seconds:g} s to decode")
        _check_pixels(frame.width, frame.height, settings)
        if len(kept) == settings.key_frames:
            continue  # decoded to its end all the same: a broken tail is found here
        thumb = frame.to_ndarray(width=side, height=side, format="rgb24").astype(np.int16)
        if last is None or np.abs(thumb - last).mean() / 255 >= settings.scene_change:
            kept.append(KeyFrame(round(float(frame.time or 0.0), 3), _picture(frame, settings)))
            last = thumb
    if not kept:
        raise VideoError("video has no frame that decodes")
    return kept


def _picture(frame: av.VideoFrame, settings: VideoSettings) -> Image.Image:
    """The frame as an RGB picture, at most frame_side pixels on its longest side."""
    scale = min(1.0, settings.frame_side / max(frame.width, frame.height))
    width, height = max(1, round(frame.width * scale)), max(1, round(frame.height * scale))
    return frame.to_image(width=width, height=height)


def _reason(error: Exception) -> str:
    """The decoder's reason without the file name FFmpeg adds to it, cut to one short line."""
    reason = getattr(error, "strerror", None) or str(error)
    return " ".join(str(reason).split())[:200]
