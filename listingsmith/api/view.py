"""What the review page shows of a listing: each field with its findings marked at their spans."""

from __future__ import annotations

import difflib
from typing import Any

from listingsmith.domain import Attribute, Draft
from listingsmith.taxonomy.catalog import known_category_id, path_in
from listingsmith.text.languages import language_of

# Who wrote a field, as the reviewer reads it; the model's text is the one marked.
ORIGIN_LABELS = {
    "model": "AI-written",
    "data": "from product data",
    "memory": "translation memory",
    "reviewer": "reviewer edit",
    "live": "live listing, kept",
}

# Who gave an attribute value, as the reviewer reads it; the model's and the classifier's
# values are marked as the system's.
SOURCE_LABELS = {
    "seller": "seller's data",
    "text": "found in the text",
    "text-tagger": "AI, tagged in the text",
    "text-model": "AI, read from the text",
    "text-classifier": "AI, inferred from the text",
    "photo-model": "AI, read from the photo",
    "pixels": "photo colours",
}


def attribute_rows(
    attributes: list[dict[str, Any]], suggestions: list[dict[str, Any]], unsure_below: float
) -> list[dict[str, Any]]:
    """Every product fact, then every suggestion: its value, who gave it, its confidence, and
    the mark a reviewer sees where the system is unsure (every suggestion, and every value
    under `unsure_below`), with the words a screen reader says; no mark where it is sure."""
    rows = []
    for suggested, dumps in ((False, attributes), (True, suggestions)):
        for attribute in (Attribute.model_validate(a) for a in dumps):
            share = f"{attribute.confidence:.0%}"
            if suggested:
                mark = "AI suggestion"
                why = f"inferred by the system, not stated in the product data ({share} sure)"
            elif attribute.confidence < unsure_below:
                mark = "unsure"
                why = f"the system is unsure of this value ({share} sure, under {unsure_below:.0%})"
            else:
                mark, why = None, None
            rows.append(
                {
                    "name": attribute.name,
                    "value": attribute.value,
                    "source": SOURCE_LABELS.get(attribute.source, attribute.source),
                    "evidence": attribute.evidence,
                    "confidence": share,
                    "mark": mark,
                    "why": why,
                }
            )
    return rows


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
        out.append(
            {
                "name": field,
                "segments": segments,
                "notes": list(notes),
                "origin": origin,
                "label": ORIGIN_LABELS.get(origin, origin),
            }
        )
    return out


def category_view(events: list[dict[str, Any]], job_id: str, locale: str) -> dict[str, Any] | None:
    """The product's category as categorize recorded it in this job's audit trail: its path in
    English and in the locale's language, its evidence and who chose it; None before it ran."""
    chosen = [e["payload"] for e in events if e["job"] == job_id and e["node"] == "categorize"]
    if not chosen or not known_category_id(chosen[-1].get("category_id") or ""):
        return None
    last = chosen[-1]
    return {
        "id": last["category_id"],
        "path_en": path_in(last["category_id"], "en"),
        "path_local": path_in(last["category_id"], language_of(locale)),
        "evidence": last.get("evidence") or [],
        "chosen_by": last.get("chosen_by"),
    }


def field_diff(before: Draft | None, after: Draft | None) -> list[dict[str, Any]]:
    """Per field that differs, a word diff (difflib) from before to after: segments, each
    kept (" "), removed ("-") or added ("+"); fields that are the same are left out."""
    if before is None or after is None:
        return []
    old, new = before.fields(), after.fields()
    out = []
    for name in dict.fromkeys([*old, *new]):
        a, b = old.get(name, "").split(), new.get(name, "").split()
        if a == b:
            continue
        segments = []
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                segments.append({"kind": " ", "text": " ".join(a[i1:i2])})
                continue
            if i2 > i1:
                segments.append({"kind": "-", "text": " ".join(a[i1:i2])})
            if j2 > j1:
                segments.append({"kind": "+", "text": " ".join(b[j1:j2])})
        out.append({"name": name, "segments": segments})
    return out
