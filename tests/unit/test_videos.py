"""Product videos: key frames by scene change within their bounds, bad videos as one-line record
errors naming the record and field, videos in the source digest, key frames on the photo path."""

from __future__ import annotations

import asyncio
import io
import json
from itertools import pairwise
from pathlib import Path

import av
import pytest
from langgraph.checkpoint.memory import InMemorySaver
from PIL import Image

from listingsmith.attributes.photo import pixel_attributes
from listingsmith.attributes.video import with_key_frames
from listingsmith.batch.catalog import read_catalog
from listingsmith.batch.digest import source_digest
from listingsmith.batch.photos import JobPhotos, PhotoRefused
from listingsmith.config import InputLimits, Settings, VideoSettings
from listingsmith.domain import Product
from listingsmith.graph import build_graph
from listingsmith.videos import (
    VideoError,
    check_video,
    decode,
    key_frames,
    save_key_frames,
    stored_key_frames,
)
from listingsmith.videos import store as video_store
from listingsmith.videos.store import entry_key
from tests.unit.fakes import BOTTLE, EN_GOOD, fake_deps
from tests.unit.hostile_inputs import record
from tests.unit.test_photo_flow import CONFIG, ChatServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_VIDEO = EXAMPLES / "videos" / "B00BSBV0GI.mp4"
EXAMPLE_PHOTO = EXAMPLES / "images" / "B00BSBV0GI.jpg"
FPS = 10


def make_video(path: Path, colours: list[tuple[int, int, int]], size: tuple[int, int] = (64, 48)):
    """An MPEG-4 video of one solid frame per colour at FPS frames a second."""
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=FPS)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for colour in colours:
            frame = av.VideoFrame.from_image(Image.new("RGB", size, colour))
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path


RED, BLUE = (200, 30, 30), (30, 30, 200)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings() keep key frames under this test's folder."""
    monkeypatch.setenv("LISTINGSMITH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LISTINGSMITH_KEY_FRAMES_STORE", raising=False)


def test_a_cut_is_a_key_frame_and_a_still_shot_is_one(tmp_path: Path) -> None:
    video = make_video(tmp_path / "cut.mp4", [RED] * 10 + [BLUE] * 10)
    frames = key_frames(video, VideoSettings())
    assert [frame.seconds for frame in frames] == [0.0, 1.0]
    assert [frame.image.getpixel((32, 24)) for frame in frames][1][2] > 150  # the blue shot


def test_a_slow_change_makes_a_key_frame_once_it_adds_up(tmp_path: Path) -> None:
    # Red rises by 4 a frame: 4 / (3 x 255) = 0.005 of full scale, ten steps to pass 0.05.
    fade = [(100 + 4 * i, 100, 100) for i in range(20)]
    frames = key_frames(
        make_video(tmp_path / "fade.mp4", fade), VideoSettings(scene_change=0.05, sample_seconds=0)
    )
    seconds = [frame.seconds for frame in frames]
    assert len(seconds) == 3 and seconds[0] == 0.0
    assert all(0.7 <= later - earlier <= 1.1 for earlier, later in pairwise(seconds))


def test_past_the_count_the_least_change_goes_and_a_late_cut_stays(tmp_path: Path) -> None:
    grey, warmer = (100, 100, 100), (160, 100, 100)  # 60 / (3 x 255) = 0.08 apart
    video = make_video(tmp_path / "late-cut.mp4", [grey] * 5 + [warmer] * 10 + [BLUE] * 5)
    settings = VideoSettings(key_frames=2, scene_change=0.05, sample_seconds=0)
    assert [frame.seconds for frame in key_frames(video, settings)] == [0.0, 1.5]
    more = settings.model_copy(update={"key_frames": 3})
    assert [frame.seconds for frame in key_frames(video, more)] == [0.0, 0.5, 1.5]


def test_frames_between_samples_are_not_looked_at(tmp_path: Path) -> None:
    video = make_video(tmp_path / "flash.mp4", [RED] * 5 + [BLUE] + [RED] * 5)  # 0.1 s flash
    assert [f.seconds for f in key_frames(video, VideoSettings(sample_seconds=0.2))] == [0.0]
    assert len(key_frames(video, VideoSettings(sample_seconds=0))) == 3


def test_key_frames_are_bounded_in_count_and_pixels(tmp_path: Path) -> None:
    flicker = [RED, BLUE] * 10
    video = make_video(tmp_path / "flicker.mp4", flicker, size=(320, 240))
    frames = key_frames(video, VideoSettings(key_frames=3, frame_side=100, sample_seconds=0))
    assert len(frames) == 3
    assert all(frame.image.size == (100, 75) for frame in frames)


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        (VideoSettings(max_frame_pixels=64 * 48 - 1), "pixels; the limit is 3071"),
        (VideoSettings(max_frames=5), "more than 5 frames"),
        (VideoSettings(max_seconds=1.0), "long; the limit is 1 s"),
        (VideoSettings(decode_seconds=1e-9), "to decode"),
        (VideoSettings(codecs=["vp9"]), "video codec mpeg4 is not one of vp9"),
    ],
    ids=["pixels", "frames", "seconds", "decode-time", "codec"],
)
def test_a_video_over_a_limit_is_refused(tmp_path: Path, settings: VideoSettings, says: str):
    video = make_video(tmp_path / "clip.mp4", [RED] * 10 + [BLUE] * 10)
    with pytest.raises(VideoError, match=says):
        key_frames(video, settings)


def test_the_suffix_picks_the_demuxer_and_nothing_else_is_opened(tmp_path: Path) -> None:
    video = make_video(tmp_path / "clip.mp4", [RED] * 3)
    disguised = tmp_path / "clip.webm"
    disguised.write_bytes(video.read_bytes())
    playlist = tmp_path / "list.m3u8"
    playlist.write_text(f"#EXTM3U\n{video}\n")
    assert "unreadable video" in (check_video(disguised, VideoSettings()) or "")
    assert "video type must be one of" in (check_video(playlist, VideoSettings()) or "")
    assert check_video(video, VideoSettings()) is None


def bad_video_error(tmp_path: Path, name: str, data: bytes | None, **limits: int) -> str:
    """The one error of a catalogue whose second record lists the video (written when data)."""
    if data is not None:
        (tmp_path / name).write_bytes(data)
    lines = [record("GOOD-1"), record("BAD", videos=[name]), record("GOOD-2")]
    (tmp_path / "catalog.jsonl").write_text("\n".join(lines) + "\n")
    settings = Settings(input_limits=InputLimits(**limits))
    products, errors = read_catalog(tmp_path / "catalog.jsonl", settings)
    assert [p.sku for p in products] == ["GOOD-1", "GOOD-2"]
    (error,) = errors
    text = str(error)
    assert "\n" not in text and str(tmp_path) not in text and len(text) < 300
    return text


def test_a_bad_video_is_one_line_naming_record_and_field(tmp_path: Path) -> None:
    data = EXAMPLE_VIDEO.read_bytes()
    where = "line 2 (sku BAD), field videos[0]: "
    truncated = bad_video_error(tmp_path, "half.mp4", data[: len(data) // 2])
    assert truncated == where + "unreadable video: Invalid data found when processing input"
    junk = bad_video_error(tmp_path, "junk.mp4", b"\x00junk" * 100)
    assert junk.startswith(where + "unreadable video")
    gif = bad_video_error(tmp_path, "clip.gif", b"GIF89a")
    assert gif.startswith(where + "video type must be one of .m4v, .mkv, .mov, .mp4, .webm")
    assert bad_video_error(tmp_path, "gone.mp4", None) == where + "video file not found"
    big = bad_video_error(tmp_path, "big.mp4", data, video_bytes=1000)
    assert big == where + "video file is larger than 1000 bytes"


def test_videos_per_record_are_bounded(tmp_path: Path) -> None:
    line = record("BAD", videos=["a.mp4", "b.mp4"])
    (tmp_path / "catalog.jsonl").write_text(line + "\n")
    settings = Settings(input_limits=InputLimits(videos_per_record=1))
    _, (error,) = read_catalog(tmp_path / "catalog.jsonl", settings)
    assert str(error) == "line 1 (sku BAD), field videos: more than 1 entries"


def test_the_example_video_is_read_with_its_record(tmp_path: Path) -> None:
    """The real example video: read from a catalogue, its cut found, its key frames showing
    the colours of the photo it was made from."""
    line = json.dumps({"sku": "B00BSBV0GI", "title": "Jar candle", "videos": [str(EXAMPLE_VIDEO)]})
    (tmp_path / "catalog.jsonl").write_text(line + "\n")
    (product,), errors = read_catalog(tmp_path / "catalog.jsonl", Settings())
    assert not errors and product.videos == [str(EXAMPLE_VIDEO)]
    settings = Settings()
    frames = key_frames(EXAMPLE_VIDEO, settings.video)
    # The cut at 1.5 s is found at the next frame looked at (one every sample_seconds).
    seconds = [frame.seconds for frame in frames]
    assert seconds[0] == 0.0 and any(
        1.5 <= s < 1.5 + settings.video.sample_seconds for s in seconds
    )
    assert len(frames) <= settings.video.key_frames
    photo_top = pixel_attributes(EXAMPLE_PHOTO, settings)[0].value
    saved = save_key_frames(product.videos, tmp_path / "frames", settings.video, tmp_path / "kf")
    for path in saved:
        colours = pixel_attributes(Path(path), settings)
        assert colours[0].value == photo_top
        assert colours[0].evidence.startswith("photo B00BSBV0GI.mp4@")


def test_key_frames_join_the_photos_while_the_context_lasts() -> None:
    product = Product(sku="S", title="Candle", images=[str(EXAMPLE_PHOTO)])
    with_video = product.model_copy(update={"videos": [str(EXAMPLE_VIDEO)]})

    async def shown(item: Product) -> tuple[list[str], list[bool]]:
        async with with_key_frames(item, Settings()) as seen:
            images = seen.images
            during = [Path(p).is_file() for p in images]
        return images, during

    assert asyncio.run(shown(product))[0] == product.images
    images, during = asyncio.run(shown(with_video))
    assert images[0] == str(EXAMPLE_PHOTO) and len(images) > 2 and all(during)
    assert not any(Path(p).exists() for p in images[1:])  # frames removed afterwards


def test_the_source_digest_reads_video_bytes(tmp_path: Path) -> None:
    first = make_video(tmp_path / "a.mp4", [RED] * 3)
    moved = tmp_path / "moved.mp4"
    moved.write_bytes(first.read_bytes())
    other = make_video(tmp_path / "b.mp4", [BLUE] * 3)
    product = Product(sku="S", title="Mug")
    digest = {
        name: source_digest(product.model_copy(update={"videos": [str(path)]}))
        for name, path in (("first", first), ("moved", moved), ("other", other))
    }
    assert digest["first"] == digest["moved"] != digest["other"]
    assert source_digest(product) not in digest.values()


def test_job_videos_are_uploads_of_video_types_within_their_byte_limit(tmp_path: Path) -> None:
    photos = JobPhotos(tmp_path, 10, video_bytes=50_000, video_suffixes=[".mp4"])
    data = EXAMPLE_VIDEO.read_bytes()
    photos.add_video("clip.mp4", io.BytesIO(data))
    assert photos.video("clip.mp4").read_bytes() == data
    with pytest.raises(PhotoRefused, match=r"video type must be one of \.mp4"):
        photos.add_video("clip.m3u8", io.BytesIO(data))
    with pytest.raises(PhotoRefused, match="names no video sent with this job"):
        photos.video("other.mp4")
    with pytest.raises(PhotoRefused, match="video is larger than 1000 bytes"):
        JobPhotos(tmp_path, 10, 1000, [".mp4"]).add_video("clip.mp4", io.BytesIO(data))


def start(product: Product) -> dict:
    return {"run_id": "run", "product": product.model_dump(mode="json"), "locales": ["en-US"]}


async def test_a_video_alone_reaches_the_photo_model_and_the_pixels(tmp_path: Path) -> None:
    """A record with a red video and no photo: its key frame goes to the multimodal model as a
    photo, and the pixels of the frame contradict the seller's blue, holding the listing."""
    video = make_video(tmp_path / "red.mp4", [RED] * 10)
    product = BOTTLE.model_copy(update={"images": [], "videos": [str(video)]})
    server = ChatServer('{"$color": "red"}')
    graph = build_graph().compile(checkpointer=InMemorySaver())
    out = await graph.ainvoke(start(product), CONFIG, context=server.deps())
    asked = [b for b in server.bodies if "Look at the product photo" in server.text_of(b)]
    assert [len(server.images_of(body)) for body in asked] == [1]
    (pending,) = out["__interrupt__"]
    (conflict,) = pending.value["conflicts"]
    assert [v["value"] for v in conflict["values"]] == ["blue", "red"]

    text_only = build_graph().compile(checkpointer=InMemorySaver())
    out = await text_only.ainvoke(start(product), CONFIG, context=fake_deps([EN_GOOD]))
    (pending,) = out["__interrupt__"]
    pixels = pending.value["conflicts"][0]["values"][1]
    assert pixels["source"] == "pixels" and "red.mp4@0.0s.png" in pixels["evidence"]


def test_a_video_is_decoded_once_from_catalogue_to_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalogue reads the header only, extract decodes the key frames once and stores them
    by content, and the draft (and a second thread of the same product, a moved copy of the
    file) shows the stored frames: one decode in all, every request with the key frame."""
    opened, decoded = [], []
    real_open, real_sample = av.open, decode.sample
    make_video(tmp_path / "red.mp4", [RED] * 10)
    moved = tmp_path / "moved.mp4"
    moved.write_bytes((tmp_path / "red.mp4").read_bytes())
    monkeypatch.setattr(decode, "sample", lambda *a: decoded.append(1) or real_sample(*a))
    monkeypatch.setattr(av, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    line = record("VID", title="Water bottle", videos=["red.mp4"])
    (tmp_path / "catalog.jsonl").write_text(line + "\n")
    (product,), errors = read_catalog(tmp_path / "catalog.jsonl", Settings())
    assert not errors and len(opened) == 1 and not decoded  # the header, no frame

    server = ChatServer('{"$color": "red"}')
    product = BOTTLE.model_copy(update={"images": [], "videos": product.videos})
    graph = build_graph().compile(checkpointer=InMemorySaver())
    asyncio.run(graph.ainvoke(start(product), CONFIG, context=server.deps()))
    assert len(decoded) == 1 and len(opened) == 2
    drafts = [b for b in server.bodies if server.text_of(b).rstrip().endswith("Listing:")]
    assert drafts and all(len(server.images_of(body)) == 1 for body in drafts)

    again = product.model_copy(update={"videos": [str(moved)]})
    other = {"configurable": {"thread_id": "run:BOTTLE-2"}}
    asyncio.run(graph.ainvoke(start(again), other, context=server.deps()))
    assert len(decoded) == 1 and len(opened) == 2


def test_a_frame_the_header_hides_is_refused_where_it_is_decoded(tmp_path: Path) -> None:
    """The catalogue accepts what the header allows; a limit only the decoder can see refuses
    the video in extract, naming its field in one line."""
    make_video(tmp_path / "clip.mp4", [RED] * 10)
    (tmp_path / "catalog.jsonl").write_text(record("VID", videos=["clip.mp4"]) + "\n")
    settings = Settings(video=VideoSettings(decode_seconds=1e-9))
    (product,), errors = read_catalog(tmp_path / "catalog.jsonl", settings)
    assert not errors

    async def frames() -> None:
        async with with_key_frames(product, settings):
            pass

    with pytest.raises(VideoError, match=r"^videos\[0\]: video takes longer than 1e-09 s"):
        asyncio.run(frames())


def test_the_store_keeps_the_most_recently_used_videos(tmp_path: Path) -> None:
    settings = VideoSettings(stored_videos=2)
    store = tmp_path / "store"
    videos = [
        make_video(tmp_path / f"{i}.mp4", [colour] * 3)
        for i, colour in enumerate([RED, BLUE, (30, 200, 30)])
    ]
    for video in videos:
        stored_key_frames(video, settings, store)
    kept = {p.name for p in store.iterdir()}
    assert len(kept) == 2
    assert kept == {entry_key(v, settings) for v in videos[1:]}


# A frame 128x64: its top-left quadrant blue, the rest red.
WIDE = (128, 64)


def quadrant_picture() -> Image.Image:
    picture = Image.new("RGB", WIDE, RED)
    picture.paste(BLUE, (0, 0, 64, 32))
    return picture


def blue_corners(picture: Image.Image) -> list[bool]:
    """Which corners (top-left, top-right, bottom-left, bottom-right) are blue."""
    width, height = picture.size
    corners = [(2, 2), (width - 3, 2), (2, height - 3), (width - 3, height - 3)]
    return [picture.getpixel(xy)[2] > 128 for xy in corners]


@pytest.mark.parametrize(
    ("rotation", "hflip", "shown"),
    [
        (0, False, None),
        (90, False, Image.Transpose.ROTATE_90),  # counter-clockwise, as FFmpeg states it
        (-90, False, Image.Transpose.ROTATE_270),
        (180, False, Image.Transpose.ROTATE_180),
        (0, True, Image.Transpose.FLIP_LEFT_RIGHT),
    ],
    ids=["none", "ccw90", "cw90", "half-turn", "mirrored"],
)
def test_key_frames_are_upright_by_the_display_matrix(
    tmp_path: Path, rotation: int, hflip: bool, shown: Image.Transpose | None
) -> None:
    """A video stored sideways with a display matrix (as phones write portrait clips), made
    with PyAV: its key frames come out as the matrix says it is shown."""
    path = tmp_path / "turned.mp4"
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=FPS)
        stream.width, stream.height = WIDE
        stream.pix_fmt = "yuv420p"
        stream.set_display_rotation(rotation, hflip=hflip)
        for _ in range(3):
            container.mux(stream.encode(av.VideoFrame.from_image(quadrant_picture())))
        container.mux(stream.encode())
    (frame,) = key_frames(path, VideoSettings())
    expected = quadrant_picture() if shown is None else quadrant_picture().transpose(shown)
    assert frame.image.size == expected.size
    assert blue_corners(frame.image) == blue_corners(expected)
    assert blue_corners(expected).count(True) == 1
    small = key_frames(path, VideoSettings(frame_side=32))[0].image
    assert max(small.size) == 32
    assert (small.size[0] < small.size[1]) == (rotation % 180 != 0)


def test_a_damaged_store_entry_is_decoded_again(tmp_path: Path) -> None:
    video = make_video(tmp_path / "clip.mp4", [RED] * 5 + [BLUE] * 5)
    store, settings = tmp_path / "store", VideoSettings()
    first = stored_key_frames(video, settings, store)
    (store / entry_key(video, settings) / "frames.json").write_text("{not json")
    again = stored_key_frames(video, settings, store)
    assert [f.seconds for f in again] == [f.seconds for f in first] == [0.0, 0.6]
    assert all(f.path.is_file() for f in again)


def test_a_video_is_read_once_per_file_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's key reads a video's bytes once per file identity; a file written again is
    read again and gets the key of its new content."""
    reads: list[str] = []

    def counted(path: str, mode: str) -> io.BufferedReader:
        reads.append(path)
        return open(path, mode)

    monkeypatch.setattr(video_store, "open", counted, raising=False)
    video, settings = make_video(tmp_path / "clip.mp4", [RED] * 3), VideoSettings()
    first = entry_key(video, settings)
    assert entry_key(video, settings) == first and len(reads) == 1
    make_video(video, [BLUE] * 4)
    assert entry_key(video, settings) != first and len(reads) == 2
    moved = tmp_path / "moved.mp4"
    moved.write_bytes(video.read_bytes())
    assert entry_key(moved, settings) == entry_key(video, settings) and len(reads) == 3


def test_a_reader_links_the_stored_frames_and_keeps_them_past_pruning(tmp_path: Path) -> None:
    video = make_video(tmp_path / "clip.mp4", [RED] * 5 + [BLUE] * 5)
    store, settings = tmp_path / "store", VideoSettings()
    shown = save_key_frames([str(video)], tmp_path / "shown", settings, store)
    stored = stored_key_frames(video, settings, store)
    assert [Path(p).stat().st_ino for p in shown] == [f.path.stat().st_ino for f in stored]
    for other in (BLUE, (30, 200, 30)):  # two more videos prune a one-video store
        stored_key_frames(
            make_video(tmp_path / f"{other}.mp4", [other] * 3),
            VideoSettings(stored_videos=1),
            store,
        )
    assert not stored[0].path.exists()
    assert all(Image.open(p).size for p in shown)
