"""Whether a file is a safe image: within the pixel limit, and decoding to its end."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

# Side of the reduced decode that proves a photo reads to its end (JPEG decodes at 1/8 scale).
CHECK_SIDE = 256
# What Pillow raises on a malformed, truncated or hostile file (text-chunk bombs: ValueError).
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)


def check_image(path: Path, max_pixels: int) -> str | None:
    """None if the file is an image within the pixel limit that decodes to its end, else why not.
    Decoded from memory, so no message names the file; Pillow's own bomb guard is caught too."""
    try:
        data = path.read_bytes()
    except OSError:
        return "image file cannot be read"
    try:
        with Image.open(io.BytesIO(data)) as image:
            pixels = image.width * image.height
            if pixels > max_pixels:
                return f"image has {pixels} pixels; the limit is {max_pixels}"
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (CHECK_SIDE, CHECK_SIDE))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"image has more pixels than the limit of {max_pixels}"
    except UnidentifiedImageError:
        return "unreadable image: not a known image format"
    except DECODE_ERRORS as error:
        return f"unreadable image: {str(error)[:200]}"
    return None
