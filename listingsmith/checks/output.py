"""Checks of what the model wrote that no policy or fact covers: copied prompt examples and
loops."""

from __future__ import annotations

import re

from listingsmith.domain import Draft, Finding, Problem, Product, Severity, build_findings
from listingsmith.prompts import load_prompt
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import normalize

# The same chunk of 4+ characters three or more times in a row ("100% cotton, 100% cotton, ...").
REPEATED_CHUNK = re.compile(r"(\S.{3,}?)(?:[\s,、，;.。]*\1){2,}")


def leak_findings(listing: Draft, product: Product, pivot: Draft, locale: str) -> list[Finding]:
    """Text copied from the prompts' few-shot examples, not from this product or its pivot
    draft (an example's translation is fine where the draft says the example's English)."""
    own = normalize(
        " ".join(
            [product.title, product.description, *product.bullets, *product.attributes.values()]
        )
    ).lower()
    markers = list(load_prompt("draft")["leak_markers"])
    spec = load_prompt("localize")
    translation = spec["languages"].get(language_of(locale))
    if translation and language_of(locale) != language_of(product.source_locale):
        said = normalize(" ".join(pivot.fields().values())).lower()
        markers += [
            target
            for english, target in zip(spec["english"], translation["pairs"], strict=True)
            if normalize(english).lower() not in said
        ]
    problems = []
    for field, text in listing.fields().items():
        lowered = normalize(text).lower()
        for marker in markers:
            key = normalize(marker).lower()
            start = lowered.find(key)
            if start >= 0 and key not in own:
                problems.append(
                    Problem(
                        field,
                        f'the text copies the prompt example "{marker}", not this product',
                        (start, start + len(key)),
                    )
                )
    return build_findings(problems, "model.copied-example", Severity.BLOCK, locale)


def degeneration_findings(listing: Draft, locale: str) -> list[Finding]:
    """A chunk of text repeated three or more times in a row: the model looped."""
    problems = []
    for field, text in listing.fields().items():
        looped = REPEATED_CHUNK.search(text)
        if looped:
            message = f'"{looped.group(1).strip()}" repeats: the model looped'
            problems.append(Problem(field, message, looped.span()))
    return build_findings(problems, "model.repetition", Severity.BLOCK, locale)
