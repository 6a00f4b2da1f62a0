"""Lexical retrieval of a product's taxonomy category: BM25 (bm25s) over every category's
English leaf name (weighted) and path words, queried with the product's title, its seller
category and its type attributes, all lemmatised (simplemma) so "Vases" meets "vase"."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

import bm25s
from pydantic import BaseModel

from listingsmith.domain import Attribute, Product
from listingsmith.lexicons import load_data
from listingsmith.taxonomy.catalog import Category, categories, category
from listingsmith.text import stems

# "title": the kind the seller's title names, where the category's noun contradicted it
# (checks.contradicted_noun).
ChosenBy = Literal["retrieval", "model", "seller", "title", "reviewer"]
# The taxonomy's own category for a product no word of which matches any category.
UNCATEGORIZED = "na"
_WORD = re.compile(r"[^\W\d_]{2,}")


class Candidate(BaseModel):
    """One category retrieval proposes, with its BM25 score."""

    id: str
    path_en: str
    score: float


class CategoryMatch(BaseModel):
    """The product's category, why (the query words it matched), the runners-up, and who chose."""

    id: str
    path_en: str
    score: float
    evidence: list[str]
    candidates: list[Candidate]
    ambiguous: bool
    chosen_by: ChosenBy


def settings() -> dict[str, Any]:
    """The retrieval's weights and thresholds (retrieval.yaml)."""
    return load_data(__package__, "retrieval.yaml")["retrieval"]


def words(text: str) -> list[str]:
    """Lower-case English lemmas of the letters-only words of `text`, stopwords left out."""
    stop = set(settings()["stopwords"])
    found = (stems.lemma(w, "en") for w in _WORD.findall(text.lower()))
    return [w for w in found if w not in stop]


def document(entry: Category) -> list[str]:
    """A category's words: its leaf name weighted, then its parents' names."""
    parents = entry.path_en.split(" > ")[:-1]
    return words(entry.names["en"]) * settings()["leaf_weight"] + words(" ".join(parents))


@cache
def index() -> tuple[bm25s.BM25, list[Category]]:
    """The BM25 index over every category, built once per process."""
    entries = list(categories().values())
    retriever = bm25s.BM25()
    retriever.index([document(e) for e in entries], show_progress=False)
    return retriever, entries


def query(product: Product, attributes: list[Attribute]) -> list[str]:
    """The product's query words: title, seller category (weighted) and type attributes."""
    conf = settings()
    typed = [
        a.value
        for a in attributes
        if any(name in a.name.lower() for name in conf["type_attribute_names"])
    ]
    return (
        words(product.title)
        + words(product.category or "") * conf["category_weight"]
        + words(" ".join(typed)) * conf["type_attribute_weight"]
    )


def retrieve(terms: list[str], k: int) -> list[Candidate]:
    """The k best categories for the query words (fewer when few words match): BM25's best
    `pool`, each whose leaf name's words are all in the query raised by `leaf_bonus`."""
    retriever, entries = index()
    if not terms:
        return []
    conf = settings()
    pool = min(max(k, conf["pool"]), len(entries))
    ids, scores = retriever.retrieve([terms], k=pool, show_progress=False)
    held = set(terms)
    found = []
    for i, score in zip(ids[0], scores[0], strict=True):
        if score <= 0:
            continue
        leaf = set(words(entries[i].names["en"]))
        covered = bool(leaf) and leaf <= held
        final = float(score) * (1 + conf["leaf_bonus"] if covered else 1)
        found.append(Candidate(id=entries[i].id, path_en=entries[i].path_en, score=round(final, 4)))
    return sorted(found, key=lambda c: -c.score)[:k]


def is_ambiguous(candidates: list[Candidate]) -> bool:
    """No candidate, a weak top score, or a runner-up within the margin of the top."""
    conf = settings()
    if not candidates or candidates[0].score < conf["min_score"]:
        return True
    top = candidates[0].score
    return len(candidates) > 1 and top - candidates[1].score < conf["margin"] * top


def evidence(terms: list[str], category_id: str) -> list[str]:
    """The query words the category's document holds, each once, in query order."""
    held = set(document(category(category_id)))
    return list(dict.fromkeys(t for t in terms if t in held))


def chosen(match: CategoryMatch, category_id: str, by: ChosenBy) -> CategoryMatch:
    """The match with `category_id` chosen by the model, the seller (its id or its title's
    words) or a reviewer."""
    entry = category(category_id)
    scores = {c.id: c.score for c in match.candidates}
    return match.model_copy(
        update={
            "id": entry.id,
            "path_en": entry.path_en,
            "score": scores.get(entry.id, 0.0),
            "chosen_by": by,
        }
    )


def match_category(product: Product, attributes: list[Attribute]) -> CategoryMatch:
    """The product's category: the seller's id when the record gives one, otherwise the top
    retrieved candidate, marked ambiguous when retrieval cannot tell (the model then picks)."""
    terms = query(product, attributes)
    candidates = retrieve(terms, settings()["candidates"])
    if product.category_id:
        entry = category(product.category_id)
        return CategoryMatch(
            id=entry.id,
            path_en=entry.path_en,
            score=next((c.score for c in candidates if c.id == entry.id), 0.0),
            evidence=evidence(terms, entry.id),
            candidates=candidates,
            ambiguous=False,
            chosen_by="seller",
        )
    none = category(UNCATEGORIZED)
    top = candidates[0] if candidates else Candidate(id=none.id, path_en=none.path_en, score=0.0)
    return CategoryMatch(
        id=top.id,
        path_en=top.path_en,
        score=top.score,
        evidence=evidence(terms, top.id) if candidates else [],
        candidates=candidates,
        ambiguous=is_ambiguous(candidates),
        chosen_by="retrieval",
    )
