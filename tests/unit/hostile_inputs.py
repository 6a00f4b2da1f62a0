"""Hostile catalogue inputs built in the test: image bombs, truncated photos, deep JSON."""

from __future__ import annotations

import io
import json
import random
import struct
import zlib

from PIL import Image


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 1, height: int = 1, before_data: bytes = b"") -> bytes:
    """A PNG by hand: its header claims width x height (a tiny file can claim a huge size)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"" if width * height > 64 else (b"\0" + b"\0" * 3 * width) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + before_data
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def pixel_bomb() -> bytes:
    """A 30000 x 30000 PNG header: past Pillow's own bomb error (2 x MAX_IMAGE_PIXELS)."""
    return png(30_000, 30_000)


def text_bomb(kind: bytes = b"zTXt") -> bytes:
    """A 1x1 PNG with a compressed text chunk that inflates to 4 MB (zTXt or iTXt)."""
    text = zlib.compress(b"a" * (4 << 20))
    data = b"Comment\0\0" + text if kind == b"zTXt" else b"Comment\0\x01\0en\0\0" + text
    return png(1, 1, _chunk(kind, data))


def truncated_jpeg() -> bytes:
    """A JPEG cut in its scan data: its header reads and verify() passes, decoding fails."""
    noise = random.Random(5).randbytes(128 * 128 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (128, 128), noise).save(out, "JPEG")
    return out.getvalue()[: out.tell() * 6 // 10]


def good_png() -> bytes:
    """A small real photo."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, "PNG")
    return out.getvalue()


def deep_json(levels: int = 100_000) -> str:
    """A JSON record nested far deeper than the parser's recursion allows."""
    return '{"sku": "DEEP", "title": "t", "attributes": ' + "[" * levels + "]" * levels + "}"


def record(sku: str, **fields: object) -> str:
    """One catalogue line."""
    return json.dumps({"sku": sku, "title": f"Mug {sku}", **fields})
