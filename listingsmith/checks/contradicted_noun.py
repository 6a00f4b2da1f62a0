"""adequacy.contradicted-noun: the product noun a listing uses (its taxonomy category's) says
another kind of product than the seller's own words (the title's product head, the
description's head): a "Kale Charcoal Ultimate Detox Face Mask" whose seller category said
"Conditioner" was a conditioner in every locale. The title names a kind the taxonomy knows
when a category's noun in the same top branch ends in the title's head and the seller says two
of its words or more ("Face Mask ... Skin Types": "Skin Care Mask"). The seller's words win:
that kind's category names the product (`seller_match`, applied where the category is
chosen); where two kinds tie, a listing that says the contradicted noun is held for a person
with the evidence (`contradicted_findings`). Not a contradiction: the seller's
words say the noun or a name its category joins ("Shampoo and Conditioner Set" for a
conditioner), the title's head is a pack ("Set") or no kind the taxonomy knows, or a word of
the title stands in the category's path ("Hair Mask" under "Hair Care > ... > Conditioners").
Deterministic; no model decides it. Data: contradicted_noun.yaml beside this module."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple

from listingsmith.attributes.brands import product_brands
from listingsmith.domain import Draft, Finding, Problem, Product, Severity, build_findings
from listingsmith.lexicons import load_data
from listingsmith.taxonomy.catalog import categories, known_category_id, lineage, path_in
from listingsmith.taxonomy.nouns import head_index, product_noun, singular_word
from listingsmith.taxonomy.retrieval import CategoryMatch, chosen, settings
from listingsmith.text import stems
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import normalize

from .adequacy import before_labels
from .kinds import grounded_concepts
from .naming import category_words, naming_data, title_head
from .title_noun import locale_noun, names_product

CONTRADICTED_RULE = "adequacy.contradicted-noun"
_WORD = re.compile(r"[^\W\d_]{2,}")


class Contradiction(NamedTuple):
    """A category's noun that the seller's words contradict: the noun, the title's head words
    that say what the product is, and the category of the kind they name (None: undecided)."""

    noun: str
    said: str
    kind: str | None


@cache
def contradiction_data() -> dict[str, Any]:
    """contradicted_noun.yaml beside this module."""
    return load_data(__package__, "contradicted_noun.yaml")["contradicted_noun"]


def _lemma(word: str, language: str) -> str:
    return stems.lemma(word.casefold(), language).casefold()


def _lemmas(text: str, language: str) -> list[str]:
    """The lemmas of the words of `text` (two letters or more: not the "s" of "Men's")."""
    return [_lemma(word, language) for word in _WORD.findall(normalize(text))]


def _head(words: list[str], language: str) -> str:
    return words[head_index(words, language)]


@cache
def _kinds(language: str) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """The product kinds the taxonomy knows in `language`: its nouns' head words (singular,
    case-folded) -> (category, the noun's lemmas) of every category whose noun ends (or,
    head-initial, starts) in it."""
    out: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for category_id in categories():
        noun = product_noun(category_id, language)
        words = _lemmas(noun, language)
        if words:
            head = _head(noun.split(), language).casefold()
            out.setdefault(head, []).append((category_id, frozenset(words)))
    return out


def seller_words(product: Product) -> str:
    """What the seller says the product is: its title and its description's head."""
    head = product.description[: contradiction_data()["description_head_chars"]]
    return f"{product.title}\n{head}"


def _says_noun(category_id: str, product: Product, language: str) -> bool:
    """Whether the seller's words say the category's noun, a name its category joins, or a
    kind the noun names (kinds.yaml)."""
    own = set(_lemmas(seller_words(product), language))
    noun = product_noun(category_id, language)
    words = _lemmas(noun, language)
    if not words:
        return True  # no noun: nothing to contradict
    heads = [_head(words, language), *category_words(category_id, language)]
    if any(_lemma(word, language) in own for word in heads if word):
        return True
    least = contradiction_data()["min_shared_letters"]
    head = heads[0]
    if any(len(word) >= least and (head.startswith(word) or head.endswith(word)) for word in own):
        return True
    modifiers = set(naming_data()["modifier_concepts"])
    return bool(
        (grounded_concepts([noun]) & grounded_concepts([seller_words(product)])) - modifiers
    )


def _named_kinds(
    category_id: str, head: str, own: set[str], language: str
) -> list[tuple[tuple[int, int, float], str]] | None:
    """The kinds the title's head names, best first: the taxonomy's nouns with that head at
    least `min_kind_words` of whose words the seller says ("Face Mask ... Skin Types" ->
    "Skin Care Mask"; a bare "Mask" of costumes never; retrieval's stopwords are no words:
    "Women" and "Slip" are no "Women's Underwear Slip"), in `category_id`'s top branch (the
    seller's domain: on train records a kind from another branch was mostly a word of
    another sense: "Bubble Tape" no packing tape, "French Horn" decor no instrument, an
    "Ankle Strap" shoe no snowboard binding's), scored by words said, the levels shared with
    `category_id` ("Fabric Stain Remover" under Laundry Supplies before a vehicle's "Stain
    Remover"), the share of the noun said. None when a noun with that head
    names a category at, under or above `category_id` ("Boot" under "Shoes": one of them)."""
    least = contradiction_data()["min_kind_words"]
    line = lineage(category_id)
    telling = own - set(settings()["stopwords"])
    scored = []
    for kind, words in _kinds(language).get(head, []):
        if kind in line or category_id in lineage(kind):
            return None
        said = len(words & telling)
        if said >= least and lineage(kind)[0] == line[0]:
            shared = sum(a == b for a, b in zip(lineage(kind), line, strict=False))
            scored.append(((said, shared, said / len(words)), kind))
    return sorted(scored, reverse=True)


def _decided(kinds: list[tuple[tuple[int, int, float], str]]) -> str | None:
    """The kind that names the product: the best of `kinds`, unless the next ties with it."""
    best, kind = kinds[0]
    return None if len(kinds) > 1 and kinds[1][0] == best else kind


def contradiction(category_id: str | None, product: Product) -> Contradiction | None:
    """Whether the seller's words contradict `category_id`'s noun (module doc): the title's
    head names a kind the taxonomy knows (`_named_kinds`) and the seller's words say nothing
    of the category; None when they do not or cannot be read. Two kinds named alike leave it
    undecided (the kind None)."""
    language = language_of(product.source_locale)
    if (
        not category_id
        or not known_category_id(category_id)
        or language not in contradiction_data()["languages"]
        or _says_noun(category_id, product, language)
    ):
        return None
    words = title_head(product.title, product_brands(product.brand, product.title), language)
    if not words:
        return None
    # The head as a noun in the singular, not a lemma: "Pulled" is no "Pull" (a boot pull).
    head = singular_word(_head(words, language), language).casefold()
    if head in contradiction_data()["generic_heads"].get(language, []):
        return None
    path = set(_lemmas(path_in(category_id, language), language))
    if path & set(_lemmas(product.title, language)):
        return None
    own = set(_lemmas(seller_words(product), language))
    kinds = _named_kinds(category_id, head, own, language)
    if not kinds:
        return None
    noun = product_noun(category_id, language)
    return Contradiction(noun, " ".join(words), _decided(kinds))


def seller_match(match: CategoryMatch, product: Product) -> CategoryMatch:
    """The match with the kind the seller's title names chosen ("title", the title's head words
    its evidence) where its category's noun contradicts the seller's words and the title
    decides; a reviewer's choice stays."""
    if match.chosen_by == "reviewer":
        return match
    found = contradiction(match.id, product)
    if found is None or found.kind is None:
        return match
    return chosen(match, found.kind, "title").model_copy(update={"evidence": found.said.split()})


def contradicted_findings(
    listing: Draft, product: Product, locale: str, category_id: str | None = None
) -> list[Finding]:
    """Fields, composed or written (up to their appended "Label: value" disclosures), that
    name the product by its category's noun (`category_id`, else the product's) where the
    seller's words contradict it: held for a person, the title's words and the kind they
    name as the evidence."""
    category = category_id or product.category_id
    found = contradiction(category, product)
    if found is None or category is None:
        return []
    noun, targets = locale_noun(category, locale)
    if not targets:
        return []
    language = language_of(locale)
    kind = f'; it names "{product_noun(found.kind, language)}"' if found.kind else ""
    message = (
        f'calls the product "{noun}" ({path_in(category, "en")}); the seller\'s title says '
        f'"{found.said}"{kind}'
    )
    problems = [
        Problem(field, message)
        for field, text in listing.fields().items()
        if text.strip() and names_product(before_labels(text), targets, language)
    ]
    return build_findings(problems, CONTRADICTED_RULE, Severity.BLOCK, locale, fix="none")
