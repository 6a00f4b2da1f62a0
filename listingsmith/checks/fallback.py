"""The grounded fallback: a model-written field that still fails its checks once the model's
attempts are spent is replaced by the text composed from data, so the listing ships plainer
rather than waiting for a person."""

from __future__ import annotations

from listingsmith.checks.verdict import WHOLE, is_rewritable, open_findings
from listingsmith.domain import Draft, Finding, Origin


def replaceable(listing: Draft | None, findings: list[Finding]) -> list[str]:
    """The fields the fallback would replace: model-written (or live) fields with open fixable
    findings (every field when the model's output failed as a whole). Empty when any open
    finding needs a person or sits on other text."""
    failing = open_findings(findings)
    if not failing or not all(f.fixable for f in failing):
        return []
    if listing is None or any(f.field == WHOLE for f in failing):
        return [WHOLE]
    fields = sorted({f.field for f in failing})
    known = listing.fields()
    if not all(name in known and is_rewritable(listing, name) for name in fields):
        return []
    return fields


def with_fallback(listing: Draft | None, fields: list[str], composed: Draft) -> Draft:
    """`listing` with `fields` replaced by the composed text (WHOLE: the composed listing).
    A failing bullet takes the next composed bullet the listing does not already say, or is
    dropped when none is left."""
    if listing is None or WHOLE in fields:
        return composed
    chosen = set(fields)
    origins: dict[str, Origin] = {}
    title, description, keywords = listing.title, listing.description, listing.keywords
    if "title" in chosen:
        title, origins["title"] = composed.title, "data"
    if "description" in chosen:
        description, origins["description"] = composed.description, "data"
    if "keywords" in chosen:
        keywords, origins["keywords"] = composed.keywords, "data"
    spare = [b for b in composed.bullets if b not in listing.bullets]
    bullets: list[str] = []
    for index, bullet in enumerate(listing.bullets):
        name = f"bullets[{index}]"
        if name not in chosen:
            origin = listing.origins.get(name)
            if origin:
                origins[f"bullets[{len(bullets)}]"] = origin
            bullets.append(bullet)
        elif spare:
            origins[f"bullets[{len(bullets)}]"] = "data"
            bullets.append(spare.pop(0))
    for name in ("title", "description", "keywords"):
        if name not in origins and name in listing.origins:
            origins[name] = listing.origins[name]
    return Draft(
        title=title, bullets=bullets, description=description, keywords=keywords, origins=origins
    )
