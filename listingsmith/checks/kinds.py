"""adequacy.unsupported-kind: a model-written field that names a container, a piece of tableware
or a shape that the product's own words do not support ("Chilisauce ... in einem 226,8
g-Löffel": a bottle called a spoon). One such word states a fact, so one is enough; the word
counts of adequacy.unsupported-word would let it through. Data: kinds.yaml beside this module."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from listingsmith.domain import Draft, Finding, Problem, Product, Severity, build_findings
from listingsmith.lexicons import load_data
from listingsmith.taxonomy.catalog import category_name, known_category_id, path_in
from listingsmith.taxonomy.nouns import head_index, product_noun
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import normalize

from .adequacy import adequacy_data, before_labels, is_translation, judged_fields, own_words
from .support import renders

KIND_RULE = "adequacy.unsupported-kind"
DROPPED_RULE = "adequacy.dropped-product"
# Languages written without spaces: forms are found as substrings.
UNSPACED = ("ja", "zh")
# Languages that write compounds closed: grounding finds a form at the end of a word too
# ("Einmachglas" grounds "Glas").
_COMPOUNDING = ("de",)
# Languages whose hyphenated compounds end in their head ("226,8 g-Löffel" is a spoon): a form
# is found after a hyphen there; elsewhere a hyphen joins it to another word ("pot-de-vin").
_HEAD_FINAL = ("de", "en")
# What joins two names in one Japanese or Chinese category name ("窗帘/窗幔", "ペット・ペット用品").
PARTS = re.compile(r"\s*[/・、,&]\s*")
# The fields the model writes in prose; titles and bullets say the product noun from data.
_NAMING_FIELDS = ("description",)
# Shorter words of a product noun ("de", "à") do not name it.
_MIN_LETTERS = 3
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


@cache
def kinds_data() -> dict[str, Any]:
    """kinds.yaml beside this module."""
    return load_data(__package__, "kinds.yaml")


@cache
def _forms(language: str) -> dict[str, frozenset[str]]:
    """A language's case-folded forms -> the concepts they name."""
    out: dict[str, set[str]] = {}
    for concept, entry in kinds_data()["concepts"].items():
        for form in entry["forms"].get(language, []):
            out.setdefault(normalize(form).casefold(), set()).add(concept)
    return {form: frozenset(concepts) for form, concepts in out.items()}


def _alternation(forms: Iterable[str]) -> str:
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


@cache
def _pattern(language: str, compound: bool = False) -> re.Pattern[str] | None:
    """The forms of `language` (group "form"): substrings in unspaced scripts, else whole words
    with the language's endings; `compound` drops the left bound (a compound's last part)."""
    forms = _forms(language)
    if not forms:
        return None
    if language in UNSPACED:
        return re.compile(f"(?P<form>{_alternation(forms)})", re.IGNORECASE)
    endings = _alternation(kinds_data()["endings"].get(language, [""]))
    start = "" if compound else r"(?<!\w)" if language in _HEAD_FINAL else r"(?<![\w-])"
    body = f"{start}(?P<form>{_alternation(forms)})(?:{endings})(?![\\w-])"
    return re.compile(body, re.IGNORECASE)


@cache
def _grounds_pattern() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """Every concept's `grounds` words (whole words with English endings; in Han and kana,
    substrings), and each word's concepts."""
    words: dict[str, set[str]] = {}
    for concept, entry in kinds_data()["concepts"].items():
        for word in entry.get("grounds", []):
            words.setdefault(normalize(word).casefold(), set()).add(concept)
    cjk = {word for word in words if _CJK.search(word)}
    endings = _alternation(kinds_data()["endings"]["en"])
    spaced = f"(?<!\\w)(?P<form>{_alternation(set(words) - cjk)})(?:{endings})(?!\\w)"
    pattern = f"{spaced}|(?P<cjk>{_alternation(cjk)})" if cjk else spaced
    return re.compile(pattern, re.IGNORECASE), {w: frozenset(c) for w, c in words.items()}


def _languages() -> list[str]:
    return sorted({lang for e in kinds_data()["concepts"].values() for lang in e["forms"]})


def grounded_concepts(texts: Iterable[str]) -> set[str]:
    """The concepts that any form (in any language) or ground word in `texts` names."""
    text = normalize(" ".join(texts))
    found: set[str] = set()
    for language in _languages():
        patterns = [_pattern(language)]
        if language in _COMPOUNDING:
            patterns.append(_pattern(language, compound=True))
        forms = _forms(language)
        for pattern in patterns:
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                found |= forms[match.group("form").casefold()]
    grounds, concepts = _grounds_pattern()
    for match in grounds.finditer(text):
        word = match.group("form") or match.group("cjk")
        found |= concepts[word.casefold()]
    return found


def named_concepts(text: str, language: str) -> list[tuple[str, frozenset[str], tuple[int, int]]]:
    """(surface, concepts, span) of every kind or shape word of `language` in `text`."""
    pattern = _pattern(language)
    if pattern is None:
        return []
    forms = _forms(language)
    return [
        (match.group(), forms[match.group("form").casefold()], match.span())
        for match in pattern.finditer(normalize(text))
    ]


def kind_findings(
    listing: Draft, product: Product, pivot: Draft, locale: str, category_id: str | None = None
) -> list[Finding]:
    """Model-written fields (up to their appended "Label: value" disclosures) naming a kind or
    shape that neither the product's own words (its category's path included: `category_id`,
    else the product's) nor, in a translation, the field's source in the pivot draft name in
    any language."""
    language = language_of(locale)
    grounding = own_words(product, language)
    category = category_id or product.category_id
    if category and known_category_id(category):
        grounding += [path_in(category, "en"), path_in(category, language)]
    sources = pivot.fields() if is_translation(product, locale) else {}
    problems = []
    for field, text in judged_fields(listing).items():
        named = named_concepts(before_labels(text), language)
        if not named:
            continue
        grounded = grounded_concepts([*grounding, sources.get(field, "")])
        for surface, concepts, span in named:
            if not concepts & grounded:
                message = f'"{surface}": nothing in the product data says it is or comes in one'
                problems.append(Problem(field, message, span))
    return build_findings(problems, KIND_RULE, Severity.FIX, locale, fix="fallback")


def _words(noun: str, language: str) -> list[str]:
    """The words of a product noun (a name of an unspaced language: its parts, each whole)."""
    if language in UNSPACED:
        return [part for part in PARTS.split(noun) if part]
    return [word for word in re.findall(r"[^\W\d_]+", noun) if len(word) >= _MIN_LETTERS]


def _head(noun: str, language: str) -> str:
    """A product noun's head word (taxonomy.nouns.head_index: head-final the last, or the one
    before a complement, "Mantel für Haustiere"; else the first); an unspaced noun whole."""
    words = noun.split()
    if not words or language in UNSPACED:
        return noun
    return words[head_index(words, language)]


def _names(text: str, word: str, language: str) -> bool:
    """Whether `text` names `word`: a substring in unspaced scripts and in closed compounds
    (German "Duftkerzen" names "Kerze"), else a word that starts with it ("candles")."""
    folded, word = normalize(text).casefold(), normalize(word).casefold()
    if not word:
        return False
    if language in UNSPACED or language in adequacy_data()["compound_languages"]:
        return word in folded
    return re.search(rf"(?<!\w){re.escape(word)}", folded) is not None


def dropped_findings(
    listing: Draft, product: Product, pivot: Draft, locale: str, category_id: str | None = None
) -> list[Finding]:
    """Translated model-written fields that leave out what the product is: their source field
    names the product's category noun ("An orange jar candle ..."), and they name neither the
    head of the category's noun or name in their language, nor a lexicon translation of the
    source noun's head, nor that head as written ("Une jarre à orange avec une odeur de jardin");
    `category_id`: the product's taxonomy category (else the product's own)."""
    category = category_id or product.category_id
    if not category or not known_category_id(category) or not is_translation(product, locale):
        return []
    source_language, language = language_of(product.source_locale), language_of(locale)
    noun = product_noun(category, source_language)
    head = _head(noun, source_language)
    names = [product_noun(category, language), category_name(category, language)]
    # Heads only: a word that modifies the noun ("Hot" of "Hot Sauce", "piquante" of "Sauce
    # piquante") says no product ("...の熱湯を...瓶に注いで", hot water poured into a bottle).
    targets = [word for name in names for word in _words(_head(name, language), language)]
    sources = pivot.fields()
    problems = []
    for field, text in judged_fields(listing).items():
        judged = before_labels(text)
        if field not in _NAMING_FIELDS or not judged.strip():
            continue
        if not _names(sources.get(field, ""), head, source_language):
            continue
        if any(_names(judged, target, language) for target in targets):
            continue
        if any(
            _names(judged, word, source_language) or renders(judged, word, language)
            for word in _words(head, source_language)
        ):
            continue
        message = f'the source names the product ("{head}"); this field does not'
        problems.append(Problem(field, message))
    return build_findings(problems, DROPPED_RULE, Severity.FIX, locale, fix="fallback")
