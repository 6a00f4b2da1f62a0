"""How deeply a JSON text nests, measured before parsing it (the parser recurses per level)."""

from __future__ import annotations

import re

import numpy as np

# A string, to the end of the text when unterminated (so nothing is scanned twice).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
# Per byte: +1 for "[" and "{", -1 for "]" and "}", else 0.
_STEP = np.zeros(256, dtype=np.int32)
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1


def nesting_depth(text: str) -> int:
    """The most arrays and objects open inside one another anywhere in the text."""
    data = np.frombuffer(_STRING.sub("", text).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    return int(np.cumsum(_STEP[data]).max(initial=0))
