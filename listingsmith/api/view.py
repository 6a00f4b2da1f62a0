"""What the review page shows of a listing: each field with its findings marked at their spans
and the translation memory's matches of its source."""

from __future__ import annotations

from typing import Any

from listingsmith.domain import Draft
from listingsmith.storage.memory import MemoryMatch


def highlighted_fields(
    listing: Draft | None,
    findings: list[dict[str, Any]],
    matches: dict[str, list[MemoryMatch]] | None = None,
) -> list[dict[str, Any]]:
    """Per field: segments of text, each plain or marked with the messages of its findings, and
    the memory's matches of the field's source."""
    if listing is None:
        return []
    out = []
    for field, text in listing.fields().items():
        spans = sorted(
            (tuple(f["span"]), f["message"])
            for f in findings
            if f.get("field") == field and f.get("span") and f["span"][1] > f["span"][0]
        )
        segments, last = [], 0
        for (start, end), message in spans:
            start, end = max(start, last), min(end, len(text))
            if start > last:
                segments.append({"text": text[last:start], "mark": None})
            if end > start:
                segments.append({"text": text[start:end], "mark": message})
                last = end
        if last < len(text):
            segments.append({"text": text[last:], "mark": None})
        notes = [
            f["message"]
            for f in findings
            if f.get("field") in (field, "*")
            and not (f.get("span") and f["span"][1] > f["span"][0])
        ]
        shown = (matches or {}).get(field, [])
        out.append({"name": field, "segments": segments, "notes": notes, "matches": shown})
    return out
