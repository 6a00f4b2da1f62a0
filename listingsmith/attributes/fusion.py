"""Fuse attributes from several sources: precedence, agreement, and conflicts kept visible."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import Literal

from pydantic import BaseModel

from listingsmith.attributes.colornames import alike_colors, color_families
from listingsmith.domain import Attribute, Finding, Severity
from listingsmith.lexicons import load_data

# Lower rank wins: seller field > text evidence (patterns, then the tagger, then the model) >
# the closed-set classifier (an implicit value, no evidence) > photo model > pixels.
SOURCE_RANK = {
    "seller": 0,
    "text": 1,
    "text-tagger": 2,
    "text-model": 3,
    "text-classifier": 4,
    "photo-model": 5,
    "pixels": 6,
}
# Where the text model's value written in the text and the text extractors' differ, which wins
# per name (fusion.yaml, measured by evals/build_fusion.py): a model-first name's grounded model
# value ranks between the seller's and the text extractors'.
FUSION_FILE = "fusion.yaml"
MODEL_SOURCE = "text-model"
MODEL_FIRST_RANK = 0.5
# Values a learned model read or inferred. Their calibrated confidence is how often they agree
# with what sellers state, so against a seller's field or a pattern's find they are evidence for
# the reviewer (a warning), not a reason to hold the listing; where no value is stated, learned
# values that disagree hold.
LEARNED_SOURCES = frozenset({"text-tagger", "text-model", "text-classifier", "photo-model"})
AGREEMENT_BONUS = 0.1
# Names whose several values are all true at once (a listing states many quantities and colours).
MULTI_VALUED_PREFIXES = ("quantity", "color", "material")
# Sources that read the photo; they can contradict what the seller and the text state.
PHOTO_SOURCES = frozenset({"photo-model", "pixels"})
# Names whose stated values a photo must agree with: one of the colours it shows must be one the
# seller or the text names (compared as lexicon colours, e.g. "aqua blue" is blue, and a seller
# colour name as its family, e.g. "burgundy" is red).
PHOTO_CHECKED_NAMES = ("color", "colour")
CONFLICT_RULE = "attribute-conflict"
# Pixel colours are evidence for the review (a shaded white reads as grey), not product facts
# to write or to support a listing's claim.
EVIDENCE_ONLY_SOURCES = frozenset({"pixels"})
_FIRST_NUMBER = re.compile(r"\d+")
_WORDS = re.compile(r"\w+")


class Conflict(BaseModel):
    """Sources disagree about one attribute; kept for the reviewer, never silently resolved.
    `values` are in precedence order (the first is the one the listing goes by)."""

    name: str
    values: list[Attribute]
    # "values": a single-valued name with several values; "photo": the photo shows none of the
    # values the seller and the text state.
    kind: Literal["values", "photo"] = "values"

    def finding(self, locale: str, hold_confidence: float) -> Finding:
        """The conflict as a review finding: it holds the listing for a person (block) when a
        value against the preferred one is at least `hold_confidence` sure, else a warning (and
        always a warning where only learned values stand against a stated one)."""
        challengers = self._challengers() if self.kind == "values" else self._photo_values()
        strongest = max((a.confidence for a in challengers), default=0.0)
        return Finding(
            rule_id=CONFLICT_RULE,
            severity=Severity.BLOCK if strongest >= hold_confidence else Severity.WARN,
            locale=locale,
            field=f"attributes.{self.name}",
            message=f"{self.name}: sources disagree: "
            + "; ".join(f"{a.source} says {a.value!r} ({a.evidence})" for a in self.values),
            fix="none",
        )

    def _challengers(self) -> list[Attribute]:
        """The values that may hold the listing: the stated ones (seller, patterns) against the
        first stated one, or where none is stated, the learned ones against the first."""
        stated = [a for a in self.values if a.source not in LEARNED_SOURCES]
        first, *others = stated or self.values
        return [a for a in others if not _nested(first, a)]

    def _photo_values(self) -> list[Attribute]:
        return [a for a in self.values if a.source in PHOTO_SOURCES]


def fuse(candidates: list[Attribute]) -> tuple[list[Attribute], list[Conflict]]:
    """One attribute per (name, value), best source first; single-valued names with several
    values become conflicts."""
    by_key: dict[tuple[str, str], list[Attribute]] = defaultdict(list)
    for attribute in candidates:
        by_key[(attribute.name.lower(), _key(attribute))].append(attribute)
    fused = []
    for group in by_key.values():
        best = min(group, key=_precedence)
        sources = {a.source for a in group}
        bonus = AGREEMENT_BONUS * (len(sources) - 1)
        fused.append(best.model_copy(update={"confidence": min(1.0, best.confidence + bonus)}))
    by_name: dict[str, list[Attribute]] = defaultdict(list)
    for attribute in fused:
        by_name[attribute.name.lower()].append(attribute)
    conflicts = []
    for name, values in by_name.items():
        values = sorted(values, key=_precedence)
        rivals = [v for v in values[1:] if not _nested(values[0], v)]
        if rivals and not name.startswith(MULTI_VALUED_PREFIXES):
            conflicts.append(Conflict(name=name, values=[values[0], *rivals]))
        elif name in PHOTO_CHECKED_NAMES and _photo_contradicts(values):
            conflicts.append(Conflict(name=name, values=values, kind="photo"))
    return fused, conflicts


def product_facts(attributes: list[Attribute]) -> list[Attribute]:
    """The attributes a listing may state and the fact-check accepts as support."""
    return [a for a in attributes if a.source not in EVIDENCE_ONLY_SOURCES]


@cache
def _model_first() -> dict:
    return (load_data(__package__, FUSION_FILE, optional=True) or {}).get("model_first") or {}


def model_first(name: str) -> bool:
    """Whether the text model's grounded value of `name` wins over the text extractors'."""
    table = _model_first()
    return bool(table.get("names", {}).get(name.lower(), table.get("default", False)))


def source_rank(attribute: Attribute) -> float:
    """The attribute's place in the precedence (SOURCE_RANK; a model-first name's grounded
    model value just after the seller's)."""
    if attribute.source == MODEL_SOURCE and attribute.evidence and model_first(attribute.name):
        return MODEL_FIRST_RANK
    return SOURCE_RANK.get(attribute.source, len(SOURCE_RANK))


def _precedence(attribute: Attribute) -> tuple[float, float]:
    return source_rank(attribute), -attribute.confidence


def _photo_contradicts(values: list[Attribute]) -> bool:
    """Whether the photo sources name colours and none is one the seller or the text states."""
    stated = {c for a in values if a.source not in PHOTO_SOURCES for c in color_families(a.value)}
    seen = {c for a in values if a.source in PHOTO_SOURCES for c in color_families(a.value)}
    if not stated or not seen:
        return False
    return not any(alike_colors(s, p) for s in stated for p in seen)


def _nested(first: Attribute, other: Attribute) -> bool:
    """Whether one value's words run inside the other's: a narrower or wider reading of the
    same value ("Bottle" in "Aqualo Steel Bottle", "red" in "dark red"), not a contradiction."""
    a, b = _WORDS.findall(_key(first)), _WORDS.findall(_key(other))
    short, long = sorted((a, b), key=len)
    return bool(short) and any(
        long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)
    )


def _key(attribute: Attribute) -> str:
    """What two values of one name must share to agree: a count's number ("5 pack" and "5 x"
    are both five), else the case- and space-folded text."""
    if attribute.name.lower() == "count" and (number := _FIRST_NUMBER.search(attribute.value)):
        return str(int(number.group()))
    return " ".join(attribute.value.lower().split())
