"""The singular product noun of a category per language, for titles.

Taxonomy names are plural and sometimes join two names ("Curtains & Drapes"). The noun is:
1. the override in noun_overrides.yaml, when the category has one for the language;
2. ja and zh-CN: the taxonomy's name as written (neither marks the plural), but one name of two
   joined ones: the name that ends the other (its head, true of both: "カーテン・ドレープカーテン"
   -> "カーテン"), else the first where it is a category's name on its own, the English name
   joins two names and takes its first alone, and nothing says the two share the second's
   head ("窗帘/窗幔" -> "窗帘" as "Curtain"; "电子游戏机/控制器电池" stays whole);
3. otherwise the first of joined names (the whole name when the first is only a modifier:
   "Coffee & Tea Cups", "Kaffee- & Teetassen"), then singular by simplemma's lemmas with
   exceptions as data (nouns.yaml): en and de turn the last word (the head), fr, es and it the
   words from the first up to the first preposition (head and agreeing adjectives).
Measured by evals/taxonomy_nouns.py on labelled train-split categories."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from listingsmith.lexicons import load_data
from listingsmith.taxonomy.catalog import categories, category_name, taxonomy_language
from listingsmith.text import stems

AS_WRITTEN = ("ja", "zh-CN")


def rules() -> dict[str, Any]:
    """The noun rules (nouns.yaml)."""
    return load_data(__package__, "nouns.yaml")["nouns"]


def overrides() -> dict[str, dict[str, str]]:
    """Category id -> language -> the noun, where the rules get it wrong."""
    return load_data(__package__, "noun_overrides.yaml")["overrides"] or {}


def first_name(name: str, language: str) -> str:
    """The first of the names joined in `name` ("Curtains & Drapes" -> "Curtains"); a
    singular first word names the last's kind ("Baby & Toddler Dresses" -> "Baby Dresses"); a
    German "Kaffee- und Teetassen" stays whole."""
    conf = rules()
    if any(phrase in name for phrase in conf["fixed_phrases"][language]):
        return name
    found = [(name.find(c), c) for c in conf["conjunctions"][language] if c in name]
    if found:
        # The conjunction that comes first in the name splits it ("Oats, Grits & Hot Cereal"
        # -> "Oats"), whatever its place in the list.
        _, conjunction = min(found)
        first, last = name.split(conjunction, 1)
        if first.endswith("-"):
            return name
        rest = last.split()
        # Only when the rest is one name: "Oats, Grits & Hot Cereal" lists three.
        one_name = not any(c in last for c in conf["conjunctions"][language])
        modifies = (
            one_name
            and " " not in first
            and len(rest) > 1
            and singular_word(first, language) == first
        )
        if language in conf["head_final"] and modifies:
            return " ".join([first, *rest[1:]])
        return first
    return name


def one_name(category_id: str, name: str, language: str) -> str:
    """A ja or zh-CN name that joins two names as one of them (`name` when it is not two)."""
    joiners = "|".join(re.escape(j) for j in rules()["unspaced_joiners"])
    parts = [p.strip(rules()["unspaced_trim"]) for p in re.split(joiners, name)]
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        return name
    short, long = sorted(parts, key=len)
    if long.endswith(short):
        return short
    first, second = parts
    if second.startswith(first):  # "鳥かご・鳥かご用スタンド": the first whole, said again
        return first if _english_first(category_id) else name
    if short in long:
        return name  # "咖啡机/浓缩咖啡机配件": the first inside the second names its parts
    if any(mark in second for mark in rules()["shared_heads"][taxonomy_language(language)]):
        return name  # "电子游戏机/控制器电池": the second's head may be both's
    named = first in _names(taxonomy_language(language))
    return first if named and _english_first(category_id) else name


@cache
def _names(language: str) -> frozenset[str]:
    """Every category's name in `language`: the names that are product names on their own."""
    return frozenset(c.names[language] for c in categories().values())


def _english_first(category_id: str) -> bool:
    """Whether the English name joins two names and its noun is the first of them alone, the
    second no longer than the first: one word each ("Curtains & Drapes") or a bare second
    name ("Bird Cages & Stands"), never a head the two may share ("Drum Stick & Brush
    Accessories")."""
    name = category_name(category_id, "en")
    conjunctions = "|".join(re.escape(c) for c in rules()["conjunctions"]["en"])
    names = re.split(conjunctions, name)
    if len(names) != 2 or first_name(name, "en") != names[0]:
        return False
    first, second = (len(n.split()) for n in names)
    return second < first or first == second == 1


def _cased(lemma: str, word: str) -> str:
    return lemma[:1].upper() + lemma[1:] if word[:1].isupper() else lemma


def _german(word: str) -> str:
    """A German noun's singular: its lemma, else its compound's last part's ("Geschenk|taschen");
    lemmas that are not nouns (lower case) are refused; a hyphenated compound's parts keep
    their case ("Bade-Boxershorts", "ID-Anhänger")."""
    return _hyphen_case(word, _german_lemma(word))


def _hyphen_case(word: str, lemma: str) -> str:
    """`lemma` with each hyphenated part in the case of `word`'s part: the lemmatiser writes
    "Bade-Boxershorts" "Bade-boxershorts" and "ID-Anhänger" "Id-anhänger"."""
    written, made = word.split("-"), lemma.split("-")
    if len(written) != len(made):
        return lemma
    parts = [
        w if w.lower() == m.lower() else (m[:1].upper() + m[1:] if w[:1].isupper() else m)
        for w, m in zip(written, made, strict=True)
    ]
    return "-".join(parts)


def _german_lemma(word: str) -> str:
    lemma = stems.lemma(word, "de")
    if lemma != word and lemma[:1].isupper():
        return lemma
    shortest = rules()["compound_tail"]
    for cut in range(1, len(word) - shortest + 1):
        tail = word[cut:].capitalize()
        lemma = stems.lemma(tail, "de")
        if lemma != tail and lemma[:1].isupper():
            return word[:cut] + lemma.lower()
    return word


def singular_word(word: str, language: str) -> str:
    """One word in the singular, its capital kept: the word list, German lemmas, or the plural
    endings' candidates: a known lemma stays, the lemmatiser's choice among them first."""
    known = rules()["words"].get(language) or {}
    if word.lower() in known:
        return _cased(known[word.lower()], word)
    if language == "de":
        return _german(word)
    lower = word.lower()
    made = [
        lower[: len(lower) - len(ending)] + single
        for ending, single in rules()["endings"][language]
        if lower.endswith(ending) and len(lower) > len(ending) + 1
    ]
    if not made:
        return word
    if not stems.is_known(lower, language):
        guess = language in rules()["guess_unknown"]
        return _cased(made[0], word) if guess else word
    lemma = stems.lemma(lower, language)
    if lemma == lower:
        return word
    stem = (
        language in rules()["same_stem"]
        and lemma[:-1] == lower[:-1]
        and [lower[-1:], lemma[-1:]] not in rules()["same_stem_gender"].get(language, [])
    )
    return _cased(lemma if lemma in made or stem else made[0], word)


def singular(phrase: str, language: str) -> str:
    """A plural noun phrase in the singular: its head and, head-initial, the agreeing words (the
    adjectives before the first preposition, and one that ends the name after a one-word
    complement: "Cañas de pescar telescópicas" -> "Caña de pescar telescópica"); a head said in
    the plural only (nouns.yaml plural_only) keeps its words as they are ("Gafas de sol
    protectoras")."""
    words = phrase.split()
    if not words:
        return phrase
    if language in rules()["head_final"]:
        return " ".join([*words[:-1], singular_word(words[-1], language)])
    if words[0].lower() in rules()["plural_only"].get(language, ()):
        return phrase  # a head said in the plural only ("Gafas", "Occhiali"): its words agree
    stops = set(rules()["prepositions"][language])
    out, agreeing = [], True
    for word in words:
        agreeing = agreeing and _bare(word) not in stops
        out.append(singular_word(word, language) if agreeing else word)
    last = len(words) - 1
    if not agreeing and last >= 3 and _agrees_after_complement(words, language, stops):
        out[last] = singular_word(words[last], language)
    return " ".join(out)


def _bare(word: str) -> str:
    return word.lower().replace("’", "'").split("'")[0]


def _agrees_after_complement(words: list[str], language: str, stops: set[str]) -> bool:
    """Whether the last word of a head-initial name is a plural adjective of the head after
    its one-word complement ("Lentes de contacto mensuales", "Cámaras de vigilancia ocultas"), by
    nouns.yaml trailing_agreement: it ends in the head's plural ending, it follows a
    preposition and a singular word that is no verb and no number ("Bandejas para hornear
    galletas" and "Sofás de dos plazas" keep theirs)."""
    rule = rules().get("trailing_agreement", {}).get(language)
    if rule is None:
        return False
    head, before, preposition, last = words[0].lower(), words[-2], words[-3], words[-1]
    ending = next((e for e in rule["endings"] if head.endswith(e)), None)
    return (
        ending is not None
        and last.lower().endswith(ending)
        and _bare(preposition) in stops
        and _bare(before) not in stops
        and len(before) > 2
        and before.isalpha()
        and before.lower() not in rule["numbers"]
        and not before.lower().endswith(tuple(rule["verbs"]))
        and singular_word(before, language) == before
        and last.isalpha()
        and singular_word(last, language) != last
        and last[:1].islower()
    )


def product_noun(category_id: str, language: str) -> str:
    """The category's product noun in `language`, singular, for titles ("Vase", "花瓶")."""
    code = taxonomy_language(language)
    override = (overrides().get(category_id) or {}).get(code)
    if override:
        return override
    name = category_name(category_id, code)
    if code in AS_WRITTEN:
        return one_name(category_id, name, code)
    return singular(first_name(name, code), code)
