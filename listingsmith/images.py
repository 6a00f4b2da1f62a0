"""Whether a file is a safe image: a PNG, JPEG, WebP or GIF (whatever its name says), within the
pixel limit, and decoding to its end. Only those four decoders ever see a seller's bytes: Pillow
would otherwise open anything it knows by its content (TIFF, BMP, ICO, SGI, ... and EPS, which
it hands to Ghostscript), and the review page serves a photo as the type its bytes are."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

# Side of the reduced decode that proves a photo reads to its end (JPEG decodes at 1/8 scale).
CHECK_SIDE = 256
# What Pillow raises on a malformed, truncated or hostile file (text-chunk bombs: ValueError).
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)
# The photo formats read (README: png, jpeg, webp, gif), as Pillow names them, and their types.
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}


def check_image(path: Path, max_pixels: int) -> str | None:
    """None if the file is an image within the pixel limit that decodes to its end, else why not.
    Decoded from memory, so no message names the file; Pillow's own bomb guard is caught too."""
    try:
        data = path.read_bytes()
    except OSError:
        return "image file cannot be read"
    try:
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            pixels = image.width * image.height
            if pixels > max_pixels:
                return f"image has {pixels} pixels; the limit is {max_pixels}"
            image.verify()
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            image.draft("RGB", (CHECK_SIDE, CHECK_SIDE))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"image has more pixels than the limit of {max_pixels}"
    except UnidentifiedImageError:
        return "unreadable image: not a PNG, JPEG, WebP or GIF image"
    except DECODE_ERRORS as error:
        return f"unreadable image: {str(error)[:200]}"
    return None


def image_type(path: Path) -> str | None:
    """The media type of the photo at `path` by its bytes (one of FORMATS), None when it is
    none of them or cannot be read: what a photo is served as, never what its name says."""
    try:
        with Image.open(path, formats=list(FORMATS)) as image:
            return FORMATS.get(image.format or "")
    except (UnidentifiedImageError, *DECODE_ERRORS):
        return None
