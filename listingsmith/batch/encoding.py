"""A line file's bytes as UTF-8, told by its byte-order mark: Windows tools (Notepad, Excel's
"Unicode text", PowerShell) save JSONL with a UTF-8 mark or as UTF-16/UTF-32. The mark is
skipped and other encodings are decoded as they are read, a line at a time, so the line limits
of the reader still hold. Bytes that do not decode become bytes that are not UTF-8, which the
line's own check refuses."""

from __future__ import annotations

import codecs
from typing import BinaryIO, Protocol

# Byte-order marks and the codec that reads past them (UTF-32's first: its mark starts with
# UTF-16's).
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Undecodable bytes as a lone surrogate: encoded again with "surrogatepass", it is no UTF-8.
_UNDECODED = "listingsmith.not-utf8"
codecs.register_error(_UNDECODED, lambda error: ("\udcff", error.end))


class LineSource(Protocol):
    """What a line reader reads: `readline(size)` of bytes."""

    def readline(self, size: int = -1, /) -> bytes: ...


class _Recoded:
    """Lines of a file in another encoding, as UTF-8 bytes."""

    def __init__(self, handle: BinaryIO, codec: str) -> None:
        self._reader = codecs.getreader(codec)(handle, errors=_UNDECODED)

    def readline(self, size: int = -1, /) -> bytes:
        line = self._reader.readline(size if size > 0 else None)
        return line.encode("utf-8", "surrogatepass")


def utf8_lines(handle: BinaryIO) -> LineSource:
    """`handle`'s lines as UTF-8 bytes: a UTF-8 byte-order mark skipped, UTF-16 or UTF-32 with
    one decoded as read; without a mark, the bytes as they are. A handle that cannot seek is
    read as it is."""
    if not handle.seekable():
        return handle
    start = handle.tell()
    head = handle.read(4)
    for mark, codec in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            if codec == "utf-8":
                handle.seek(start + len(mark))
                return handle
            handle.seek(start)
            return _Recoded(handle, codec)
    handle.seek(start)
    return handle
