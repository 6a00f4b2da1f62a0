"""Origin statements the law requires in an offer (16 CFR 303.34: a textile product advertised
by mail order or on the internet says it was made in USA, imported, or both)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from listingsmith.policies.matching import phrase_matcher, phrases_for
from listingsmith.policies.placeholders import stated
from listingsmith.policies.rules import Hit, RuleContext
from listingsmith.text.reader import read


def origin_statement(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """A text that states no origin (none of `phrases`, any wording of the listing's language):
    the statement is appended from the origin attribute (`domestic` when its value is one of
    `domestic_values`, else `imported`), or, without one, a person must supply it."""
    statements = tuple((p, "word", "") for p in phrases_for(params["phrases"], context.language))
    if phrase_matcher(statements, context.language).find(read(text, context.language), 1):
        return
    value = next(
        (
            context.attributes[n.lower()]
            for n in params["attributes"]
            if stated(context.attributes.get(n.lower()))
        ),
        None,
    )
    if value is None:
        yield (len(text), len(text)), {"_fixable": False}
        return
    domestic = read(str(value), context.language).words.strip(" .") in params["domestic_values"]
    yield (len(text), len(text)), {"_append": params["domestic" if domestic else "imported"]}
