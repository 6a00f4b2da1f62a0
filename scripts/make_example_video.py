"""Make examples/videos/B00BSBV0GI.mp4 from the candle's example photo with PyAV: two shots of
1.5 s (a slow zoom on the whole jar, then a close-up of its top panning down), H.264 at 24 fps.
Run from the repository root: python scripts/make_example_video.py"""

from __future__ import annotations

from pathlib import Path

import av
from PIL import Image

PHOTO = Path("examples/images/B00BSBV0GI.jpg")
VIDEO = Path("examples/videos/B00BSBV0GI.mp4")
SIZE = (320, 400)
FPS = 24
SHOT_FRAMES = 36


def crop(photo: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    """The part of the photo in `box` (left, top, right, bottom as shares), at the video size."""
    width, height = photo.size
    left, top, right, bottom = box
    area = (round(left * width), round(top * height), round(right * width), round(bottom * height))
    return photo.crop(area).resize(SIZE, Image.Resampling.LANCZOS)


def frames(photo: Image.Image) -> list[Image.Image]:
    """The two shots: the whole jar zooming in by 10 %, then its top half sliding down."""
    shots = []
    for i in range(SHOT_FRAMES):
        step = i / (SHOT_FRAMES - 1)
        inset = 0.05 * step
        shots.append(crop(photo, (inset, inset, 1 - inset, 1 - inset)))
    for i in range(SHOT_FRAMES):
        top = 0.1 * i / (SHOT_FRAMES - 1)
        shots.append(crop(photo, (0.1, top, 0.9, top + 0.5)))
    return shots


def main() -> None:
    """Encode the shots (libx264, CRF 30, yuv420p: plays everywhere)."""
    photo = Image.open(PHOTO).convert("RGB")
    VIDEO.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(VIDEO), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=FPS, options={"crf": "30"})
        stream.width, stream.height = SIZE
        stream.pix_fmt = "yuv420p"
        for image in frames(photo):
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


if __name__ == "__main__":
    main()
