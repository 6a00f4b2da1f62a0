"""Opening a product video with PyAV (FFmpeg) inside bounds: only the demuxer its suffix names,
local files only, a listed codec, and what the container's header states (frame size, duration,
frame count) within the limits. Nothing here decodes a frame."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av
from av.error import FFmpegError

from listingsmith.config import VideoSettings

# What PyAV raises on a file FFmpeg cannot open or decode (its errors are ValueErrors/OSErrors).
DECODE_ERRORS = (FFmpegError, OSError, ValueError)
# FFmpeg reads local files only: a format that names another file or a URL gets nothing.
OPEN_OPTIONS = {"protocol_whitelist": "file"}


class VideoError(ValueError):
    """A video that cannot be read safely; the message names no path and fits one line."""


@contextmanager
def open_video(
    path: Path, settings: VideoSettings
) -> Iterator[tuple[av.container.InputContainer, av.VideoStream]]:
    """The open container and its first video stream, its header checked against the limits
    (FFmpeg reads the header and probes the stream's parameters: at most its probesize, 5 MB,
    and analyzeduration, 5 s, by default); VideoError when it is out of bounds or unreadable."""
    demuxer = settings.formats.get(path.suffix.lower())
    if demuxer is None:
        raise VideoError(f"video type must be one of {', '.join(sorted(settings.formats))}")
    try:
        with av.open(str(path), format=demuxer, options=OPEN_OPTIONS) as container:
            if not container.streams.video:
                raise VideoError("video file has no video stream")
            stream = container.streams.video[0]
            _check_stream(stream, container.duration, settings)
            yield container, stream
    except VideoError:
        raise
    except DECODE_ERRORS as error:
        raise VideoError(f"unreadable video: {reason(error)}") from error


def check_pixels(width: int, height: int, settings: VideoSettings) -> None:
    """Refuse frames over the pixel limit."""
    if width * height > settings.max_frame_pixels:
        raise VideoError(
            f"video frames have {width * height} pixels; the limit is {settings.max_frame_pixels}"
        )


def reason(error: Exception) -> str:
    """The decoder's reason without the file name FFmpeg adds to it, cut to one short line."""
    text = getattr(error, "strerror", None) or str(error)
    return " ".join(str(text).split())[:200]


def _check_stream(stream: av.VideoStream, duration: int | None, settings: VideoSettings) -> None:
    """Refuse a codec not listed, frames over the pixel limit, or a stated duration or frame
    count over the limits (the decoder checks the real frames again)."""
    if stream.codec_context is None:  # PyAV has no decoder for it
        raise VideoError("video codec cannot be decoded")
    codec = stream.codec_context.codec.canonical_name
    if codec not in settings.codecs:
        raise VideoError(f"video codec {codec} is not one of {', '.join(settings.codecs)}")
    check_pixels(stream.codec_context.width, stream.codec_context.height, settings)
    seconds = (duration or 0) / av.time_base
    if seconds > settings.max_seconds:
        raise VideoError(f"video is {seconds:.1f} s long; the limit is {settings.max_seconds:g} s")
    if stream.frames > settings.max_frames:  # 0 where the container does not say
        raise VideoError(f"video has more than {settings.max_frames} frames")
