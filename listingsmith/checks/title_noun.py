"""adequacy.title-noun: a translated model-written description that names the product by another
noun than its title ("Ein traditionelles Pudding-Bassin von Kitchen Craft" under "Kitchen Craft
Rührschüssel", "Un récipient traditionnel de pudding" under "Bol mélangeur Kitchen Craft"), or
says the title's noun only as what another thing is for or looks like ("Une urne en verre à
forme de vase", "Une urne à vase" for a vase). It must say the locale's product noun (taxonomy,
the title's), its head (a closed compound's last part the dictionary knows: "Schüssel" of
"Rührschüssel"), or a listed synonym (the forms of the kinds.yaml concept the noun names,
adequacy.yaml `title_noun` synonyms), in any inflection (checks.naming.mentions: simplemma lemma
or Snowball stem, closed compounds; a Japanese or Chinese name as a substring). The source
language's own rewrite is not judged (adequacy.unnamed-product judges it: "A traditional
pudding basin" is good English). Data: adequacy.yaml `title_noun`."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from listingsmith.domain import Draft, Finding, Problem, Product, Severity, build_findings
from listingsmith.taxonomy.catalog import known_category_id
from listingsmith.taxonomy.nouns import head_index, product_noun
from listingsmith.text import stems
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import normalize

from .adequacy import adequacy_data, before_labels, is_translation, judged_fields
from .kinds import PARTS, UNSPACED, grounded_concepts, kinds_data
from .naming import mentions, naming_data

TITLE_NOUN_RULE = "adequacy.title-noun"
# A word of a description: letters alone, so an elided article stays apart ("l'urne": "urne").
_WORD = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


@cache
def title_noun_data() -> dict[str, Any]:
    """adequacy.yaml `title_noun`."""
    return adequacy_data()["title_noun"]


def _head(noun: str, language: str) -> str:
    """A product noun's head word (taxonomy.nouns.head_index: head-final the last, or the one
    before a complement, "Mantel für Haustiere"; else the first); an unspaced noun whole."""
    words = _WORD.findall(noun)
    if not words or language in UNSPACED:
        return noun
    return words[head_index(words, language)]


def _synonyms(noun: str, language: str) -> list[str]:
    """The forms in `language` of the kinds.yaml concepts the noun names (not its shapes), in
    Japanese and Chinese their grounding words in Han and kana too ("碗" of "搅拌碗"), and the
    synonyms adequacy.yaml lists for the noun, its head or its compound's last part."""
    concepts = kinds_data()["concepts"]
    named = grounded_concepts([noun]) - set(naming_data()["modifier_concepts"])
    found = [form for c in sorted(named) for form in concepts[c]["forms"].get(language, [])]
    if language in UNSPACED:
        grounds = [w for c in sorted(named) for w in concepts[c].get("grounds", [])]
        found += [w for w in grounds if _CJK.search(w)]
    listed = title_noun_data()["synonyms"].get(language, {})
    head = _head(noun, language)
    names = [noun, head, stems.compound_head(head, language) or head]
    return found + [word for name in names for word in listed.get(normalize(name).casefold(), [])]


def noun_targets(noun: str, language: str) -> list[str]:
    """The words that name a product whose title's noun is `noun` (see the module)."""
    head = _head(noun, language)
    targets = [head]
    if language in UNSPACED:
        targets += [part for part in PARTS.split(noun) if part]
    elif (tail := stems.compound_head(head, language)) is not None:
        targets.append(tail)
    targets += _synonyms(noun, language)
    unique = {normalize(t).casefold(): t for t in reversed(targets) if t.strip()}
    return list(reversed(unique.values()))


def locale_noun(category_id: str, locale: str) -> tuple[str, list[str]]:
    """A category's product noun in `locale`'s language and the words that name it
    (`noun_targets`); none for a category without a noun there."""
    language = language_of(locale)
    noun = product_noun(category_id, language)
    return noun, noun_targets(noun, language) if noun.strip() else []


@cache
def _frames(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """What stands right before and right after a noun said only as what another thing is
    for or looks like ("à forme de vase", "urne à vase", "vase-shaped", "花瓶形")."""
    data = title_noun_data()

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(normalize(w)) for w in words)

    before = data["modifier_before"].get(language, [])
    after = data["modifier_after"].get(language, [])
    bound = "" if language in UNSPACED else r"(?<!\w)"
    return (
        re.compile(f"{bound}(?:{alternation(before)})\\s*$", re.IGNORECASE) if before else None,
        re.compile(f"^(?:{alternation(after)})", re.IGNORECASE) if after else None,
    )


def names_product(text: str, targets: list[str], language: str) -> bool:
    """Whether `text` says a target word as the thing itself, not only as what another thing
    is for or looks like."""
    normalized = normalize(text)
    before, after = _frames(language)
    for start, end in mentions(text, targets, language, _WORD):
        if before is not None and before.search(normalized[:start]):
            continue
        if after is not None and after.match(normalized[end:]):
            continue
        return True
    return False


def title_noun_findings(
    listing: Draft, product: Product, locale: str, category_id: str | None = None
) -> list[Finding]:
    """Translated model-written fields (adequacy.yaml `title_noun` fields, up to their
    appended "Label: value" disclosures) that do not name the product by its title's noun
    (the locale's taxonomy noun of `category_id`, else the product's category), its head or a
    synonym; a product without a known category is not judged."""
    category = category_id or product.category_id
    if not category or not known_category_id(category) or not is_translation(product, locale):
        return []
    noun, targets = locale_noun(category, locale)
    if not targets:
        return []
    language = language_of(locale)
    shown = ", ".join(f'"{word}"' for word in targets)
    problems = []
    for field, text in judged_fields(listing).items():
        judged = before_labels(text)
        if field not in title_noun_data()["fields"] or not judged.strip():
            continue
        if not names_product(judged, targets, language):
            message = f'the title names the product "{noun}"; this field says none of {shown}'
            problems.append(Problem(field, message))
    return build_findings(problems, TITLE_NOUN_RULE, Severity.FIX, locale, fix="fallback")
