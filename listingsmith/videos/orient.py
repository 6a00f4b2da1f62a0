"""A decoded frame turned upright: the display matrix a phone writes beside the picture (a
portrait clip is stored sideways with a 90° rotation to show it), read the way FFmpeg's own
autorotation reads it (fftools: a quarter turn, or a transpose where the matrix also mirrors,
a half turn as its flips, any other angle as a rotation)."""

from __future__ import annotations

import math

import av
import numpy as np
from av.sidedata.sidedata import Type
from PIL import Image

# How close (degrees) an angle must be to a quarter turn to be taken as one.
ANGLE_TOLERANCE = 1.0
# The matrix's 2x2 part is 16.16 fixed point.
FIXED_ONE = 1 << 16


def display_matrix(frame: av.VideoFrame) -> np.ndarray | None:
    """The frame's 3x3 display matrix (FFmpeg's nine int32 values), None when it has none."""
    data = frame.side_data.get(Type.DISPLAYMATRIX)  # a mapping by type (PyAV 18.1.1 iterates keys)
    if data is None:
        return None
    values = np.frombuffer(bytes(data), dtype="<i4")
    return values if values.size == 9 else None


def upright(image: Image.Image, matrix: np.ndarray | None) -> Image.Image:
    """The picture as the display matrix says it is shown (unchanged without one)."""
    if matrix is None:
        return image
    a, b, c, d = (float(v) / FIXED_ONE for v in (matrix[0], matrix[1], matrix[3], matrix[4]))
    if math.hypot(a, c) == 0 or math.hypot(b, d) == 0:
        return image  # a degenerate matrix says nothing usable
    # FFmpeg's get_rotation(): the clockwise turn that shows the picture, in [0, 360).
    clockwise = round(math.degrees(math.atan2(b / math.hypot(b, d), a / math.hypot(a, c))))
    clockwise -= 360 * math.floor(clockwise / 360 + 0.9 / 360)
    if abs(clockwise - 90) < ANGLE_TOLERANCE:
        mirrored = matrix[3] > 0
        return image.transpose(
            Image.Transpose.TRANSPOSE if mirrored else Image.Transpose.ROTATE_270
        )
    if abs(clockwise - 270) < ANGLE_TOLERANCE:
        mirrored = matrix[3] < 0
        return image.transpose(
            Image.Transpose.TRANSVERSE if mirrored else Image.Transpose.ROTATE_90
        )
    if abs(clockwise - 180) < ANGLE_TOLERANCE:
        if matrix[0] < 0:
            image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        if matrix[4] < 0:
            image = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        return image
    if abs(clockwise) < ANGLE_TOLERANCE:
        return image.transpose(Image.Transpose.FLIP_TOP_BOTTOM) if matrix[4] < 0 else image
    return image.rotate(-clockwise, expand=True)
