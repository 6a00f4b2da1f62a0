"""A product video's key frames, decoded once to its end with PyAV (FFmpeg) inside bounds
(container.py opens it; frame count, frame size and decoding time are checked again on the real
frames). A key frame is the first frame or one that differs enough from the last key frame; it
is turned upright by the video's display matrix (orient.py)."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image

from listingsmith.config import VideoSettings
from listingsmith.videos.container import VideoError, check_pixels, open_video
from listingsmith.videos.orient import display_matrix, upright


@dataclass(frozen=True)
class KeyFrame:
    """A key frame: when it shows (seconds from the start) and its picture (RGB)."""

    seconds: float
    image: Image.Image


def key_frames(path: Path, settings: VideoSettings) -> list[KeyFrame]:
    """The video's key frames (at most settings.key_frames, each upright and at most
    frame_side pixels on its longest side), decoding it to its end; VideoError when it is out
    of bounds or broken."""
    with open_video(path, settings) as (container, stream):
        return sample(container.decode(stream), settings)


def sample(frames: Iterable[av.VideoFrame], settings: VideoSettings) -> list[KeyFrame]:
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
        check_pixels(frame.width, frame.height, settings)
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
    """The frame as an upright RGB picture, at most frame_side pixels on its longest side."""
    scale = min(1.0, settings.frame_side / max(frame.width, frame.height))
    width, height = max(1, round(frame.width * scale)), max(1, round(frame.height * scale))
    return upright(frame.to_image(width=width, height=height), display_matrix(frame))
