"""What the catalogue reader asks of a video: that it opens as its type says and that its header
is within the limits. It decodes no frame: the key frames are decoded once, where they are used
(store.py)."""

from __future__ import annotations

from pathlib import Path

from listingsmith.config import VideoSettings
from listingsmith.videos.container import VideoError, open_video


def check_video(path: Path, settings: VideoSettings) -> str | None:
    """None if the file opens as a video whose header (codec, frame size, duration, frame
    count) is within the limits, else why not, in one line."""
    try:
        with open_video(path, settings):
            return None
    except VideoError as error:
        return str(error)
