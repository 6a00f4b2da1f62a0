"""Key frames of a product video against FFmpeg's bare decode of the same file, whether a
video at the length limit decodes within the decoding-time limit on this machine, and the video
time one record spends in each stage: the catalogue read, the extract node's key frames and the
draft's (`--no-draft` for a tree whose draft shows no key frames).

The clip is made here with PyAV (H.264, yuv420p): the example candle photo panned across the
frame, with a cut every `--shot` seconds, so the sampler has scene changes to find."""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import av
from PIL import Image

from listingsmith.attributes.video import with_key_frames
from listingsmith.batch.catalog import read_catalog
from listingsmith.config import Settings, VideoSettings
from listingsmith.domain import Product
from listingsmith.videos import key_frames

PHOTO = Path(__file__).resolve().parent.parent / "examples" / "images" / "B00BSBV0GI.jpg"


def make_clip(path: Path, seconds: float, size: tuple[int, int], fps: int, shot: float) -> int:
    """Write the clip; returns its frame count."""
    photo = Image.open(PHOTO).convert("RGB")
    width, height = size
    count = round(seconds * fps)
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps, options={"preset": "ultrafast"})
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for index in range(count):
            shot_no, into = divmod(index / fps, shot)
            zoom = 1.0 + 0.5 * (shot_no % 3)  # each shot a different framing
            scaled = photo.resize((round(width * zoom), round(width * zoom * 500 / 395)))
            top = round((scaled.height - height) * into / shot) if scaled.height > height else 0
            frame = Image.new("RGB", size, "white")
            frame.paste(scaled.crop((0, top, min(width, scaled.width), top + height)))
            for packet in stream.encode(av.VideoFrame.from_image(frame)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return count


def bare_decode(path: Path) -> float:
    """Seconds FFmpeg takes to decode every frame, nothing else done."""
    started = time.perf_counter()
    with av.open(str(path)) as container:
        for _ in container.decode(container.streams.video[0]):
            pass
    return time.perf_counter() - started


def record_stages(clip: Path, cache: Path, draft: bool) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds one catalogue record naming the clip spends on it per stage, the
    key-frame store empty at the start: reading the catalogue, extract's key frames, the
    draft's. CPU time (this process, FFmpeg's threads included) is what other work on a shared
    machine does not inflate."""
    catalogue = clip.parent / "catalog.jsonl"
    line = {"sku": "CLIP", "title": "Jar candle", "videos": [clip.name]}
    catalogue.write_text(json.dumps(line) + "\n", encoding="utf-8")
    settings = Settings(cache_dir=cache)
    stages = {}
    wall, cpu = time.perf_counter(), time.process_time()
    (product,), _ = read_catalog(catalogue, settings)
    stages["catalogue"] = (time.perf_counter() - wall, time.process_time() - cpu)
    for stage in ("extract", "draft") if draft else ("extract",):
        wall, cpu = time.perf_counter(), time.process_time()
        asyncio.run(_frames_shown(product, settings))
        stages[stage] = (time.perf_counter() - wall, time.process_time() - cpu)
    return stages


async def _frames_shown(product: Product, settings: Settings) -> int:
    async with with_key_frames(product, settings) as shown:
        return len(shown.images)


def main() -> None:
    """Make the clip, time both, print the ratio and the limits' headroom."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--shot", type=float, default=2.0, help="seconds between cuts")
    parser.add_argument("--no-draft", dest="draft", action="store_false")
    parser.add_argument("--repeat", type=int, default=3, help="record stages timed this often")
    args = parser.parse_args()
    settings = VideoSettings()
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "clip.mp4"
        frames = make_clip(clip, args.seconds, (args.width, args.height), args.fps, args.shot)
        bare = bare_decode(clip)
        started = time.perf_counter()
        kept = key_frames(clip, settings)
        sampled = time.perf_counter() - started
        runs = [
            record_stages(clip, Path(folder) / f"cache-{run}", args.draft)
            for run in range(args.repeat)
        ]
    per_second = sampled / args.seconds
    print(f"clip: {args.width}x{args.height}, {args.seconds:g} s, {frames} frames, H.264")
    print(f"bare decode:  {bare:.2f} s ({frames / bare:.0f} frames/s)")
    print(f"key frames:   {sampled:.2f} s ({frames / sampled:.0f} frames/s), {len(kept)} kept at")
    print("              " + ", ".join(f"{frame.seconds:g} s" for frame in kept))
    print(f"cost of sampling: {sampled / bare:.2f}x the bare decode")
    at_limit = per_second * settings.max_seconds
    print(
        f"a {settings.max_seconds:g} s video like this: about {at_limit:.0f} s to decode; "
        f"decode_seconds is {settings.decode_seconds:g} s"
    )
    for run in runs:
        run["all stages"] = (sum(w for w, _ in run.values()), sum(c for _, c in run.values()))
    for stage in runs[0]:
        wall = statistics.median(run[stage][0] for run in runs)
        cpu = statistics.median(run[stage][1] for run in runs)
        print(f"per record, {stage}: median {wall:.2f} s wall, {cpu:.2f} s CPU ({len(runs)} runs)")


if __name__ == "__main__":
    main()
