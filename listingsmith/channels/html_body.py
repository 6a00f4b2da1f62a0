"""A listing's description and bullets as the HTML a shop's product page shows, every piece of
text escaped by MarkupSafe (the seller's and the model's text never becomes markup)."""

from __future__ import annotations

from markupsafe import Markup

from listingsmith.domain import Draft


def body_html(draft: Draft) -> str:
    """<p>description</p> (one paragraph per blank-line block) then <ul> of the bullets."""
    blocks = [b.strip() for b in draft.description.split("\n\n") if b.strip()]
    parts = [Markup("<p>{}</p>").format(block) for block in blocks]
    if draft.bullets:
        items = Markup("").join(Markup("<li>{}</li>").format(b) for b in draft.bullets)
        parts.append(Markup("<ul>{}</ul>").format(items))
    return str(Markup("").join(parts))
