"""adequacy.unnamed-product: a model-written field of the pivot draft that never names the
product ("Round is a great choice for any room." for a round mirror). It must say a word of the
category's noun, the head of a name its category joins, or a head word of the title's name, in
any inflection; else the fallback writes it again or composes it from data. Translations that drop
the product: kinds.dropped_findings. Data: adequacy.yaml `unnamed_product`."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from listingsmith.attributes.brands import brand_spans, product_brands
from listingsmith.domain import Draft, Finding, Problem, Product, Severity, build_findings
from listingsmith.taxonomy.catalog import category_name, known_category_id, taxonomy_language
from listingsmith.taxonomy.nouns import head_index, product_noun, rules
from listingsmith.text import stems
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import find_quantities, normalize
from listingsmith.text.terms import find_terms

from .adequacy import adequacy_data, before_labels, is_translation, judged_fields
from .kinds import PARTS, UNSPACED, grounded_concepts

UNNAMED_RULE = "adequacy.unnamed-product"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def naming_data() -> dict[str, Any]:
    """adequacy.yaml `unnamed_product`."""
    return adequacy_data()["unnamed_product"]


def _head_final(language: str) -> bool:
    return language in rules()["head_final"]


def _content(words: list[str]) -> list[str]:
    return [word for word in words if len(word) >= naming_data()["min_letters"]]


def category_words(category_id: str, language: str) -> list[str]:
    """The words that name a category's products: its noun's, and the head word of each name
    its taxonomy name joins (a Japanese or Chinese name: each joined name whole)."""
    noun = product_noun(category_id, language)
    name = category_name(category_id, taxonomy_language(language))
    conjunctions = rules()["conjunctions"].get(taxonomy_language(language), [])
    splitter = "|".join(re.escape(c) for c in conjunctions) or PARTS.pattern
    parts = [part.strip() for part in re.split(splitter, name) if part.strip()]
    if language in UNSPACED:
        return [noun, *parts]
    heads = []
    for part in parts:
        words = _WORD.findall(part)
        if words:
            heads.append(words[head_index(words, language)])
    return list(dict.fromkeys(_content([*_WORD.findall(noun), *heads])))


def _modifier(word: str, language: str) -> bool:
    """Whether a title word describes rather than names the product: a colour, a material, a
    shape."""
    data = naming_data()
    if any(find_terms(word, lexicon, language) for lexicon in data["modifier_lexicons"]):
        return True
    return bool(grounded_concepts([word]) & set(data["modifier_concepts"]))


def title_head(title: str, brands: list[str], language: str) -> list[str]:
    """The head words of the title's name part (before its first separator), its brand,
    numbers, quantities, colours, materials and shapes left out ("Umbra Round Wall Mirror,
    60 cm" -> "Wall", "Mirror")."""
    text = normalize(title)
    for start, end in brand_spans(text, brands):
        text = text[:start] + " " * (end - start) + text[end:]
    for quantity in find_quantities(text):
        start, end = quantity.span
        text = text[:start] + " " * (end - start) + text[end:]
    data = naming_data()
    words = data["title_words"].get(language, [])
    separator = data["title_separators"]
    if words:
        separator += r"|\s(?:" + "|".join(re.escape(w) for w in words) + r")\s"
    count = data["head_words"]
    for part in re.split(separator, text, flags=re.IGNORECASE):
        found = [w for w in _content(_WORD.findall(part)) if not _modifier(w, language)]
        if found:
            return found[-count:] if _head_final(language) else found[:count]
    return []


def _keys(word: str, language: str) -> tuple[str, str, bool]:
    return stems.word_keys(word.casefold(), language)


def names_any(text: str, targets: list[str], language: str) -> bool:
    """Whether `text` says any target word in some inflection: the same lemma or stem, a word
    that starts with it ("mirrors"), in compounding languages one that ends in it
    ("Wandspiegel"), in head-final ones a long enough word that ends it ("washer" for
    "Dishwasher"); in Japanese and Chinese, the target as a substring."""
    return bool(mentions(text, targets, language))


def mentions(
    text: str, targets: list[str], language: str, word: re.Pattern[str] = _WORD
) -> list[tuple[int, int]]:
    """The spans, in `text` normalised (NFKC), where it says a target word as `names_any` finds
    one; `word`: what a word of the text is. A word's keys are read as written too, so a German
    noun gets its noun's lemma ("Vorhänge": Vorhang, not the verb "vorhangen"), and in
    compounding languages its last part's ("Verdunkelungsvorhänge", "Duftkerzen")."""
    normalized = normalize(text)
    if language in UNSPACED:
        wanted = {normalize(t) for t in targets if t.strip()}
        return [
            m.span()
            for form in wanted
            for m in re.finditer(re.escape(form), normalized, re.IGNORECASE)
        ]
    compound = stems.compounds(language)
    head_letters = naming_data()["compound_head_letters"] if _head_final(language) else None
    keys = [
        (t.casefold(), [_keys(t.casefold(), language), stems.word_keys(t, language)])
        for t in map(normalize, targets)
    ]
    found = []
    for match in word.finditer(normalized):
        said = match.group().casefold()
        own = _keys(said, language)
        forms = [own, stems.word_keys(match.group(), language)]
        head = stems.compound_head(match.group(), language) if compound else None
        if head is not None:
            forms.append(stems.word_keys(head, language))
        for wanted, wanted_keys in keys:
            if (
                said.startswith(wanted)
                or (compound and said.endswith(wanted))
                or any(stems.same_word(f, w) for f in forms for w in wanted_keys)
                or (head_letters and len(own[0]) >= head_letters and wanted.endswith(own[0]))
            ):
                found.append(match.span())
                break
    return found


def product_words(product: Product, language: str, category_id: str | None = None) -> list[str]:
    """Every word that names the product in `language`: its category's (`category_id`, else
    the product's own) and its title's head."""
    words: list[str] = []
    category = category_id or product.category_id
    if category and known_category_id(category):
        words += category_words(category, language)
    if language not in UNSPACED:
        words += title_head(product.title, product_brands(product.brand, product.title), language)
    # One word per lemma ("Mirror" and "Mirrors").
    unique = {_keys(word, language)[0]: word for word in reversed(words)}
    return list(reversed(unique.values()))


def unnamed_findings(
    listing: Draft, product: Product, locale: str, category_id: str | None = None
) -> list[Finding]:
    """Model-written fields of the pivot draft (up to their appended "Label: value"
    disclosures) that name the product by none of its words (`product_words`); a product
    with no such word is not judged."""
    if is_translation(product, locale):
        return []
    language = language_of(locale)
    targets = product_words(product, language, category_id)
    if not targets:
        return []
    shown = ", ".join(f'"{word}"' for word in targets)
    problems = []
    for field, text in judged_fields(listing).items():
        judged = before_labels(text)
        if field not in naming_data()["fields"] or not judged.strip():
            continue
        if not names_any(judged, targets, language):
            problems.append(Problem(field, f"it names the product by none of {shown}"))
    return build_findings(problems, UNNAMED_RULE, Severity.FIX, locale, fix="fallback")
