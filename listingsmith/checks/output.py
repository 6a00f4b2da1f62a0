"""Checks of what the model wrote that no policy or fact covers: loops (copied prompt examples:
checks/adequacy.py)."""

from __future__ import annotations

import re

from listingsmith.domain import Draft, Finding, Problem, Severity, build_findings

# The same chunk of 4+ characters three or more times in a row ("100% cotton, 100% cotton, ...").
REPEATED_CHUNK = re.compile(r"(\S.{3,}?)(?:[\s,、，;.。]*\1){2,}")


def degeneration_findings(listing: Draft, locale: str) -> list[Finding]:
    """A chunk of text repeated three or more times in a row: the model looped."""
    problems = []
    for field, text in listing.fields().items():
        looped = REPEATED_CHUNK.search(text)
        if looped:
            message = f'"{looped.group(1).strip()}" repeats: the model looped'
            problems.append(Problem(field, message, looped.span()))
    return build_findings(problems, "model.repetition", Severity.BLOCK, locale)
