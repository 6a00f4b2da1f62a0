"""Language coverage: a pack whose phrases do not cover the listing's language says so, so a
listing in that language is never silently passed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from listingsmith.policies.rules import Hit, RuleContext


def language_coverage(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """One hit when the listing's language is not among the pack's `languages`."""
    languages = params["languages"]
    if context.language not in languages:
        values = {"language": context.language, "languages": ", ".join(languages)}
        yield (0, 0), {**values, "_fixable": False}
