"""Claims that do not fit the product: a shoe or clothing size, footwear or a garment named in
the listing of a product whose taxonomy category cannot have them (fit.yaml, as data)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from listingsmith.domain import Draft, Finding, Severity
from listingsmith.lexicons import load_data
from listingsmith.taxonomy.catalog import category, lineage
from listingsmith.text.languages import language_of

RULE_ID = "fact.category.unsupported"
UNSPACED = ("ja", "zh")


def groups() -> list[dict[str, Any]]:
    """The claim groups (fit.yaml)."""
    return load_data(__package__, "fit.yaml")["fit"]


@cache
def surface(index: int, language: str) -> re.Pattern[str] | None:
    """One group's forms in one language as one pattern (None when it has none there)."""
    group = groups()[index]
    parts = list((group.get("patterns") or {}).get(language) or [])
    for word in (group.get("words") or {}).get(language) or []:
        escaped = re.escape(word)
        parts.append(escaped if language in UNSPACED else rf"(?<!\w){escaped}(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def fits(group: dict[str, Any], category_id: str) -> bool:
    """Whether a product of the category may make the group's claim."""
    if set(group["branches"]) & set(lineage(category_id)):
        return True
    path = category(category_id).path_en.lower()
    return any(word in path for word in group["path_words"])


def outside_category_findings(draft: Draft, category_id: str, locale: str) -> list[Finding]:
    """A finding for every claim in the listing that its category cannot have."""
    language = language_of(locale)
    path = category(category_id).path_en
    findings = []
    for index, group in enumerate(groups()):
        pattern = surface(index, language)
        if pattern is None or fits(group, category_id):
            continue
        for field, text in draft.fields().items():
            for found in pattern.finditer(text):
                findings.append(
                    Finding(
                        rule_id=RULE_ID,
                        severity=Severity.FIX,
                        locale=locale,
                        field=field,
                        span=found.span(),
                        message=(
                            f'the text says "{found.group()}" ({group["claim"]}), which a '
                            f'product of "{path}" cannot have'
                        ),
                        suggested_fix=f'remove "{found.group()}"',
                    )
                )
    return findings
