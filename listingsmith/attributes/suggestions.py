"""Suggestions: values the system inferred (the closed-set classifier's, the model's that the
text does not state). A reviewer sees them marked with their calibrated confidence; they never
become product facts that drafting or the fact-check rely on."""

from __future__ import annotations

from listingsmith.domain import Attribute


def suggestions(inferred: list[Attribute], facts: list[Attribute]) -> list[Attribute]:
    """One suggestion per (name, value), the most confident source's, most confident first;
    none for a name the product facts already answer."""
    answered = {fact.name.casefold() for fact in facts}
    best: dict[tuple[str, str], Attribute] = {}
    for value in sorted(inferred, key=lambda a: -a.confidence):
        name = value.name.casefold()
        if name not in answered:
            best.setdefault((name, " ".join(value.value.casefold().split())), value)
    return list(best.values())
