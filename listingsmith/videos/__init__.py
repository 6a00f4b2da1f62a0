"""Product videos with PyAV (FFmpeg), inside bounds: the catalogue reader checks a video's header
(probe.py, no frame decoded); its key frames are decoded once, turned upright, and stored by the
video's content (decode.py, orient.py, store.py) for every node that shows them as photos."""

from listingsmith.videos.container import VideoError
from listingsmith.videos.decode import KeyFrame, key_frames
from listingsmith.videos.probe import check_video
from listingsmith.videos.store import StoredFrame, save_key_frames, stored_key_frames

__all__ = [
    "KeyFrame",
    "StoredFrame",
    "VideoError",
    "check_video",
    "key_frames",
    "save_key_frames",
    "stored_key_frames",
]
