"""What the review page shows of a listing: each field with its findings marked at their spans."""

from __future__ import annotations

from typing import Any

from listingsmith.domain import Draft


def highlighted_fields(
    listing: Draft | None, findings: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per field: segments of text, each plain or marked with the messages of its findings;
    the field's other findings once each; and who wrote it (data, model, memory, reviewer)."""
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
        notes = dict.fromkeys(
            f["message"]
            for f in findings
            if f.get("field") in (field, "*")
            and not (f.get("span") and f["span"][1] > f["span"][0])
        )
        origin = listing.origins.get(field, "model")
        out.append({"name": field, "segments": segments, "notes": list(notes), "origin": origin})
    return out
