"""Improving a seller's live listing (`run --mode improve`): it is checked as it is first, and
a retry rewrites only its fields with open findings; every other field stays byte-identical."""

from __future__ import annotations

from listingsmith.checks.verdict import WHOLE
from listingsmith.domain import Draft, FieldChange, Origin


def as_live(listing: Draft) -> Draft:
    """The live listing with every field marked as kept from it."""
    return listing.model_copy(update={"origins": dict.fromkeys(listing.fields(), "live")})


def improved(current: Draft, candidate: Draft, redo: set[str]) -> Draft:
    """`current` with the fields named in `redo` taken from `candidate` (all of it for WHOLE);
    a failing bullet the candidate has no counterpart for is dropped."""
    if WHOLE in redo:
        return candidate
    origins: dict[str, Origin] = {}

    def pick(name: str, mine: str, theirs: str) -> str:
        chosen = candidate if name in redo else current
        origins[name] = chosen.origins.get(name, "model")
        return theirs if name in redo else mine

    title = pick("title", current.title, candidate.title)
    description = pick("description", current.description, candidate.description)
    keywords = candidate.keywords if "keywords" in redo else current.keywords
    origins["keywords"] = (candidate if "keywords" in redo else current).origins.get(
        "keywords", "model"
    )
    bullets: list[str] = []
    for index, bullet in enumerate(current.bullets):
        name, slot = f"bullets[{index}]", f"bullets[{len(bullets)}]"
        if name not in redo:
            origins[slot] = current.origins.get(name, "model")
            bullets.append(bullet)
        elif index < len(candidate.bullets):
            origins[slot] = candidate.origins.get(name, "model")
            bullets.append(candidate.bullets[index])
    return Draft(
        title=title, bullets=bullets, description=description, keywords=keywords, origins=origins
    )


def field_changes(live: Draft, shipped: Draft) -> list[FieldChange]:
    """Every field whose text differs between the live listing and what ships, by name."""
    before, after = live.fields(), shipped.fields()
    return [
        FieldChange(field=name, before=before.get(name, ""), after=after.get(name, ""))
        for name in dict.fromkeys([*before, *after])
        if before.get(name, "") != after.get(name, "")
    ]
