"""Whether a category match is sure enough to name the product by its category's noun, and the
most specific category whose noun is still right when it is not: a close candidate whose name
the seller's title says ("Ground Coffee" under "Coffee Sets" and "Coffee": "Coffee"), else the
category the close candidates share (their lowest common ancestor), else none (the generic
noun). Thresholds: retrieval.yaml `noun`, chosen on train records (evals.noun_confidence)."""

from __future__ import annotations

import re
from typing import Any

from listingsmith.lexicons import load_data
from listingsmith.taxonomy.catalog import category, lineage
from listingsmith.taxonomy.retrieval import Candidate, CategoryMatch
from listingsmith.text import stems

# Who chose a category surely: the record's own id, the kind its title names, a reviewer.
SURE = ("seller", "title", "reviewer")
_WORD = re.compile(r"[^\W\d_]+")


def noun_settings() -> dict[str, Any]:
    """The noun's confidence thresholds (retrieval.yaml `noun`)."""
    return load_data(__package__, "retrieval.yaml")["noun"]


def margin_of(match: CategoryMatch) -> float:
    """The chosen category's lead over the best other candidate, as a share of its score (1.0
    when it has no rival; 0.0 when it has no score)."""
    score = next((c.score for c in match.candidates if c.id == match.id), match.score)
    others = [c.score for c in match.candidates if c.id != match.id]
    if score <= 0:
        return 0.0
    return 1.0 if not others else max(0.0, (score - max(others)) / score)


def is_confident(match: CategoryMatch, conf: dict[str, Any] | None = None) -> bool:
    """Whether the match's category is sure: chosen by the seller's id or a reviewer, or
    retrieved with at least `min_score` and a lead of `margin` over the next candidate."""
    if match.chosen_by in SURE:
        return True
    conf = conf or noun_settings()
    score = next((c.score for c in match.candidates if c.id == match.id), match.score)
    return score >= conf["min_score"] and margin_of(match) >= conf["margin"]


def noun_category(
    match: CategoryMatch, title: str, conf: dict[str, Any] | None = None
) -> str | None:
    """The category whose noun names the product: the match's when confident, else the
    fallback (module doc); None when nothing is sure."""
    conf = conf or noun_settings()
    if is_confident(match, conf):
        return match.id
    close = _close(match, conf["close"])
    said = [c for c in close if _said_in_title(c.id, title)]
    if said:
        return max(said, key=lambda c: c.score).id
    shared = _common_ancestor([c.id for c in close])
    return shared if shared and len(lineage(shared)) >= conf["min_depth"] else None


def _close(match: CategoryMatch, share: float) -> list[Candidate]:
    """The chosen category and the candidates scoring within `share` of the best."""
    top = max((c.score for c in match.candidates), default=0.0)
    close = [c for c in match.candidates if c.score >= (1 - share) * top]
    chosen = [Candidate(id=match.id, path_en=match.path_en, score=match.score)]
    return chosen + [c for c in close if c.id != match.id]


def _lemmas(text: str) -> set[str]:
    return {stems.lemma(w, "en") for w in _WORD.findall(text.lower())}


def _said_in_title(category_id: str, title: str) -> bool:
    """Whether every word of the category's English name is in the title (as lemmas)."""
    name = _lemmas(category(category_id).names["en"]) - {"and"}
    return bool(name) and name <= _lemmas(title)


def _common_ancestor(ids: list[str]) -> str | None:
    """The deepest category above or at every one of `ids`."""
    if not ids:
        return None
    shared = None
    for part in zip(*(lineage(i) for i in ids), strict=False):
        if len(set(part)) > 1:
            break
        shared = part[0]
    return shared
