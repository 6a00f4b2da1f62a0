"""Fuse attributes from several sources: precedence, agreement, and conflicts kept visible."""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel

from listingsmith.domain import Attribute

# Lower rank wins: seller field > text evidence > photo model > pixels.
SOURCE_RANK = {"seller": 0, "text": 1, "photo-model": 2, "pixels": 3}
AGREEMENT_BONUS = 0.1
# Names whose several values are all true at once (a listing states many quantities and colours).
MULTI_VALUED_PREFIXES = ("quantity", "color", "material")


class Conflict(BaseModel):
    """Sources disagree about one attribute; kept for the reviewer, never silently resolved."""

    name: str
    values: list[Attribute]


def fuse(candidates: list[Attribute]) -> tuple[list[Attribute], list[Conflict]]:
    """One attribute per (name, value), best source first; single-valued names with several
    values become conflicts."""
    by_key: dict[tuple[str, str], list[Attribute]] = defaultdict(list)
    for attribute in candidates:
        by_key[(attribute.name.lower(), _norm(attribute.value))].append(attribute)
    fused = []
    for group in by_key.values():
        best = min(
            group, key=lambda a: (SOURCE_RANK.get(a.source, len(SOURCE_RANK)), -a.confidence)
        )
        sources = {a.source for a in group}
        bonus = AGREEMENT_BONUS * (len(sources) - 1)
        fused.append(best.model_copy(update={"confidence": min(1.0, best.confidence + bonus)}))
    by_name: dict[str, list[Attribute]] = defaultdict(list)
    for attribute in fused:
        by_name[attribute.name.lower()].append(attribute)
    conflicts = [
        Conflict(name=name, values=values)
        for name, values in by_name.items()
        if len(values) > 1 and not name.startswith(MULTI_VALUED_PREFIXES)
    ]
    return fused, conflicts


def _norm(value: str) -> str:
    return " ".join(value.lower().split())
