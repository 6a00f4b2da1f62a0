"""Rule kinds: each finds the spans of a field's text that break a rule."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

Hit = tuple[tuple[int, int], dict[str, Any]]
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def max_length(text: str, params: dict[str, Any]) -> Iterator[Hit]:
    """The part past `chars` characters (and `bytes` UTF-8 bytes, where given)."""
    limit = params.get("chars", len(text))
    if "bytes" in params:
        while len(text[:limit].encode("utf-8")) > params["bytes"]:
            limit -= 1
    if len(text) > limit:
        yield (limit, len(text)), {"length": len(text), **params}


@cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        escaped = re.escape(unicodedata.normalize("NFKC", phrase))
        parts.append(escaped if _CJK.search(phrase) else rf"(?<!\w){escaped}(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


def banned_phrases(text: str, params: dict[str, Any]) -> Iterator[Hit]:
    """Phrases matched case- and width-insensitively (ＢＥＳＴ = BEST); word-bounded outside CJK."""
    normalized = unicodedata.normalize("NFKC", text)
    for match in _phrase_pattern(tuple(params["phrases"])).finditer(normalized):
        yield match.span(), {"match": match.group()}


def regex(text: str, params: dict[str, Any]) -> Iterator[Hit]:
    """Any of the rule's regular expressions; a span already reported is not reported again."""
    taken: list[tuple[int, int]] = []
    for pattern in params["patterns"]:
        for match in re.finditer(pattern, text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            yield (start, end), {"match": match.group()}


KINDS: dict[str, Callable[[str, dict[str, Any]], Iterator[Hit]]] = {
    "max_length": max_length,
    "banned_phrases": banned_phrases,
    "regex": regex,
}
