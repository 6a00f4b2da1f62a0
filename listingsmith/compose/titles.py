"""Titles from the marketplace's formula (titles.yaml): brand, gender, product noun and model,
then key attributes while the title stays within its limits."""

from __future__ import annotations

import re
from typing import NamedTuple

from listingsmith.compose.agreement import agreed, agrees
from listingsmith.compose.facts import brand_of, rendered_facts, title_noun
from listingsmith.compose.lexicon import (
    CAPITALISED,
    canonical_name,
    data,
    render_value,
    title_cased,
)
from listingsmith.domain import Attribute, Product
from listingsmith.locale.conventions import apply_conventions
from listingsmith.policies.engine import rule_set
from listingsmith.text import stems
from listingsmith.text.field_limits import field_limit, store_of
from listingsmith.text.languages import language_of
from listingsmith.text.quantities import find_quantities, normalize

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")  # "tom-tom", "men's": one word
# Scripts written without spaces between words: a name inside a longer one repeats it.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


class TitleBounds(NamedTuple):
    """How long a title may be: characters, and UTF-8 bytes where a pack says so."""

    chars: int
    bytes: int | None


def title_bounds(locale: str, marketplace: str, category: str | None, limit: int) -> TitleBounds:
    """`limit` narrowed by the marketplace's own title limit (text/field_limits) and the
    max_length rules on titles of the packs that apply."""
    channel = field_limit(marketplace, "title", store_of(marketplace, locale))
    chars = min(limit, channel.chars or limit) if channel else limit
    size = channel.bytes if channel else None
    for rule, _, _ in rule_set(locale, marketplace, category).for_field("title"):
        if rule.kind == "max_length":
            chars = min(chars, rule.params.get("chars", chars))
            if "bytes" in rule.params:
                size = min(size or rule.params["bytes"], rule.params["bytes"])
    return TitleBounds(chars, size)


def fits(text: str, bounds: TitleBounds) -> bool:
    """Whether `text` is within `bounds`."""
    return len(text) <= bounds.chars and (
        bounds.bytes is None or len(text.encode("utf-8")) <= bounds.bytes
    )


def compose_title(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    locale: str,
    marketplace: str,
    limit: int,
    category: str | None = None,
) -> str:
    """The title of `product` in `locale` by `marketplace`'s formula, within `limit` characters
    and the marketplace's own title rules; the taxonomy `category` words counts by kind. An
    adjective value agrees with the product noun where the language says so (agreement.yaml:
    "Salsa picante, roja")."""
    language = language_of(locale)
    formulas = data("titles")["formulas"]
    keys = formulas.get(marketplace, formulas["default"])["key"]
    separator = data("titles")["separators"][language]
    bounds = title_bounds(locale, marketplace, product.category, limit)
    facts = {f.name: f.value for f in rendered_facts(product, attributes, locale, category)}
    said_noun = title_noun(product, attributes, noun, language)
    for name in facts:
        if agrees(name, language):
            facts[name] = agreed(facts[name], said_noun, language)
    head = _head(product, attributes, noun, locale, facts)
    title = _cut(head, bounds)
    said: set[str] = set()  # the numbers of the attributes added ("lot de 62" and "62")
    for value in dict.fromkeys(title_cased(facts[k], language) for k in keys if k in facts):
        numbers = set(_NUMBER.findall(value))
        if (numbers and numbers <= said) or adds_repeats(title, value, language):
            continue
        longer = f"{title}{separator}{value}" if title else value
        if fits(longer, bounds):
            title, said = longer, said | numbers
    return title or _cut(data("nouns")["generic"][language], bounds)


def _head_gender(gender: str | None, language: str) -> str | None:
    """The gender as a title's head says it (titles.yaml head_genders: "Men" -> "Men's")."""
    if gender is None:
        return None
    forms = data("titles").get("head_genders", {}).get(language, {})
    return forms.get(gender.casefold(), gender)


def _head(
    product: Product,
    attributes: list[Attribute],
    noun: str | None,
    locale: str,
    facts: dict[str, str],
) -> str:
    """Brand, gender, noun and model in the language's order, one space apart; a part that
    says again a word of the parts before it is left out."""
    language = language_of(locale)
    model = next(
        (a.value for a in attributes if canonical_name(a.name) == "model"),
        None,
    )
    parts = {
        "brand": brand_of(product, attributes),
        "gender": _head_gender(facts.get("gender"), language),
        "noun": title_noun(product, attributes, noun, language),
        "model": render_value("model", model, language) if model else None,
    }
    noun = parts["noun"]
    if noun and parts["gender"] and adds_repeats(noun, parts["gender"], language):
        parts["gender"] = None  # the noun says it: "Lange Unterhose für Herren"
    words: list[str] = []
    for part in data("titles")["heads"][language]:
        text = parts[part]
        if not text or text in words:
            continue
        if part == "noun" and words:
            text = _inside(text, language)
        if adds_repeats(" ".join(words), text, language):
            continue  # "Guitar electric guitar", "Allegro Coffee Coffee": said already
        words.append(text)
    return apply_conventions(" ".join(words), locale)


def _inside(noun: str, language: str) -> str:
    """A noun of several words as a title says it after a brand or a gender: in a language
    that capitalises nouns its first word in lower case where it is no noun ("Herren
    geschlossene Schutzbrille", "Sherpa für Flugreisen zugelassener Tragekorb")."""
    first, _, rest = noun.partition(" ")
    if language not in CAPITALISED or not rest or not stems.lower_case_word(first, language):
        return noun
    return f"{first.lower()} {rest}"


def repeats(text: str, language: str) -> set[str]:
    """The words `text` says twice (case and an English plural "s" aside), and in scripts
    without spaces the names said again inside a longer one ("カーテン・ドレープカーテン");
    short and function words (titles.yaml repeat_ignore) and the units of quantities do not
    count."""
    ignore = set(data("titles")["repeat_ignore"].get(language, ()))
    words = [
        w
        for w in _WORD.findall(_without_measures(text).lower())
        if (len(w) > 2 or (len(w) == 2 and _UNSPACED.search(w))) and w not in ignore
    ]
    seen: set[str] = set()
    found: set[str] = set()
    for word in words:
        key = word[:-1] if language == "en" and word.endswith("s") and len(word) > 3 else word
        if key in seen:
            found.add(key)
        seen.add(key)
    unspaced = [w for w in seen if _UNSPACED.search(w)]
    found |= {a for a in unspaced for b in unspaced if a != b and a in b}
    return found


def _without_measures(text: str) -> str:
    """`text` (NFKC) with its quantities blanked: a unit is no word of the name, and a size
    says its unit once per number ("101.6厘米 x 213.4厘米": the zh-CN curtain's title left its
    size out as saying "厘米" twice, where ja's "101.6 cm x 213.4 cm" kept it)."""
    text = normalize(text)
    for quantity in find_quantities(text):
        start, end = quantity.span
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def adds_repeats(title: str, part: str, language: str) -> bool:
    """Whether `part` after `title` says a word or name again that `title` alone does not."""
    return bool(repeats(f"{title} {part}", language) - repeats(title, language))


def _cut(text: str, bounds: TitleBounds) -> str:
    """`text` within `bounds`, cut after its last whole word that fits."""
    if fits(text, bounds):
        return text
    words = text.split(" ")
    while words and not fits(" ".join(words), bounds):
        words.pop()
    return " ".join(words)
