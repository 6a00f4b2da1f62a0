"""The channel writers' length check: each field against its channel's and store's limit
(text/field_limits), reported, never cut."""

from __future__ import annotations

from listingsmith.domain import Draft
from listingsmith.text.field_limits import limits_for, overrun


def limited_fields(draft: Draft, keywords: str) -> dict[str, list[tuple[str, str]]]:
    """A listing's texts by the limit that bounds them (bullet: each bullet), each with the
    field name a report gives; `keywords` as the channel writes them."""
    return {
        "title": [("title", draft.title)],
        "bullet": [(f"bullets[{i}]", text) for i, text in enumerate(draft.bullets)],
        "description": [("description", draft.description)],
        "keywords": [("keywords", keywords)],
    }


def over_limits(texts: dict[str, list[tuple[str, str]]], channel: str, locale: str) -> list[str]:
    """Each text over its limit in `channel` for `locale`, as "field: why"."""
    limits = limits_for(channel, locale)
    found = []
    for kind, named in texts.items():
        if kind not in limits:
            continue
        for name, text in named:
            why = overrun(text, limits[kind])
            if why:
                found.append(f"{name} is {why} ({channel} limit)")
    return found
