"""The product noun a title names, read beside the seller's category by the packs' scopes.

A seller's category often names only a parent ("Home & Kitchen > Kitchen Textiles") while the
title names the product ("Hearthside Double Oven Glove, Grey"): a scope pattern that names the
product ("*[Oo]ven [Gg]love*") matches the title's noun phrase as it matches a category. Only
where the match needs the phrase's head noun: "Paper Towel Holder" is a holder, so "*[Tt]owel*"
(matched by "Paper Towel" already) does not make it a towel, nor "*[Vv]inegar*" "Salt & Vinegar
Crisps". Per language data (title_scope.yaml): where the head stands and the words that end the
phrase. Compared case-folded.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

# A title's parts: a comma, a bar, a parenthesis or bracket, a dash between spaces.
_PARTS = re.compile(r"\s*(?:[,|(\[]|\s[-–—]\s)")
# A title read for its noun phrase is at most this long (the rest is not looked at).
MAX_TITLE = 200

# The noun phrase of a title and the phrase without its head noun (what a pattern must not
# already match): both case-folded.
TitleNoun = tuple[str, str]


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("title_scope.yaml").read_text("utf-8"))


def _languages() -> dict[str, dict[str, Any]]:
    return _data()["languages"]


def named_sets() -> frozenset[str]:
    """The names of title_scope.yaml's `named` sets, which a scope's `exclude_named` may give."""
    return frozenset(_data()["named"])


@cache
def _named(name: str, language: str) -> tuple[frozenset[tuple[str, ...]], frozenset[str]] | None:
    """A `named` set in a language: its names as word tuples and its descriptor words."""
    found = _data()["named"][name].get(language)
    if found is None:
        return None
    names = frozenset(tuple(n.casefold().split()) for n in found["names"])
    return names, frozenset(w.casefold() for w in found.get("words", ()))


def named_only(name: str, language: str, noun: TitleNoun) -> bool:
    """Whether a title's noun phrase is one of the set's names with only its descriptor words
    beside it ("jumbo rolled oats"; not "strawberry yoghurt"); False in a language the set does
    not list."""
    found = _named(name, language.split("-")[0].lower())
    if found is None:
        return False
    names, words = found
    phrase = noun[0].split()
    return any(
        tuple(phrase[start:end]) in names
        and all(w in words for w in (*phrase[:start], *phrase[end:]))
        for start in range(len(phrase))
        for end in range(start + 1, len(phrase) + 1)
    )


def title_noun(title: str, brand: str | None, language: str) -> TitleNoun | None:
    """The noun phrase `title` names and that phrase without its head, or None where the
    language's titles are not read (no data for it) or no phrase is left."""
    rules = _languages().get(language.split("-")[0].lower())
    if rules is None:
        return None
    first = _PARTS.split(title[:MAX_TITLE].casefold(), maxsplit=1)[0]
    words = first.split()
    if brand:
        opening = brand.casefold().split()
        if words[: len(opening)] == opening:
            words = words[len(opening) :]
    if rules["head"] == "first":
        return (" ".join(words), " ".join(words[1:])) if words else None
    cuts = set(rules["cuts"])
    end = next((i for i, word in enumerate(words) if word in cuts and i > 0), len(words))
    counts = set(rules.get("counts", ()))
    while end > 1 and words[end - 1] in counts:
        end -= 1
    words = words[:end]
    return (" ".join(words), " ".join(words[:-1])) if words else None
