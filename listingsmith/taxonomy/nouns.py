"""The singular product noun of a category per language, for titles.

Taxonomy names are plural and sometimes join two names ("Curtains & Drapes"). The noun is:
1. the override in noun_overrides.yaml, when the category has one for the language;
2. ja and zh-CN: the taxonomy's name as written (neither marks the plural), but one name of two
   joined ones: the name that ends the other (its head, true of both: "カーテン・ドレープカーテン"
   -> "カーテン"), else the first where it is a category's name on its own, the English name
   joins two names and takes its first alone, and nothing says the two share the second's
   head ("窗帘/窗幔" -> "窗帘" as "Curtain"; "电子游戏机/控制器电池" stays whole);
3. otherwise the first of joined names (the whole name when the first is only a modifier:
   "Coffee & Tea Cups", "Kaffee- & Teetassen"; en and de: with the complement the last name
   ends in, "Kühlsteine & -Sticks für Getränke" -> "Kühlsteine für Getränke", and whole when
   the conjunction is in the complement, "Sandalen für Babys & Kleinkinder"), a preposition said
   twice in a row once ("Kleider für für Haustiere"), then singular by simplemma's lemmas with
   exceptions as data (nouns.yaml): en and de turn the head (the last word, or the word before
   a complement: "Mäntel für Haustiere" -> "Mantel für Haustiere") and, de, the adjectives
   before it to its gender (noun_genders.yaml: "Tragbare Scanner" -> "Tragbarer Scanner"), fr,
   es and it the words from the first up to the first preposition (head and agreeing
   adjectives).
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
        at, conjunction = min(found)
        if _complement(name[:at], language):
            return name  # it joins the complement's names: "Sandalen für Babys & Kleinkinder"
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
        return " ".join([first, *_complement(last, language)])
    return name


def head_index(words: list[str], language: str) -> int:
    """The place of a name's head among its words: head-initial the first; head-final the word
    before the first preposition after the first word ("Mäntel für Haustiere": a complement
    follows the head), else the last ("Am Körper getragene Hörgeräte")."""
    if not words or language not in rules()["head_final"]:
        return 0
    stops = set(rules()["prepositions"].get(language, ()))
    return next((i - 1 for i in range(1, len(words)) if words[i] in stops), len(words) - 1)


def head_word(noun: str, language: str) -> str:
    """A noun phrase's head word ("Mantel für Haustiere" -> "Mantel"); `noun` when empty."""
    words = noun.split()
    return words[head_index(words, language)] if words else noun


def _complement(name: str, language: str) -> list[str]:
    """The words of a head-final name's complement: from the first preposition after the first
    word on ("-Sticks für Getränke" -> "für Getränke"); none head-initial."""
    words = name.split()
    if language not in rules()["head_final"]:
        return []
    return words[head_index(words, language) + 1 :]


def undoubled(name: str, language: str) -> str:
    """`name` with a preposition said twice in a row said once ("Kleider für für Haustiere",
    "Patín de de cuatro ruedas"; "Kit de tambor tom tom" keeps its drum)."""
    stops = set(rules()["prepositions"].get(language, ()))
    words = name.split(" ")
    kept = [w for i, w in enumerate(words) if not (i and w == words[i - 1] and w in stops)]
    return " ".join(kept)


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
        at = head_index(words, language)
        head = singular_word(words[at], language)
        return " ".join([*_agreeing(words[:at], head, language), head, *words[at + 1 :]])
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


@cache
def noun_genders() -> dict[str, str]:
    """German singular head nouns of the taxonomy -> their gender, m, f or n
    (noun_genders.yaml, built by evals/build_noun_genders.py)."""
    return load_data(__package__, "noun_genders.yaml")["genders"] or {}


def _agreeing(words: list[str], head: str, language: str) -> list[str]:
    """The words before a head-final name's singular `head`, the adjectives that end them in
    the head's gender (nouns.yaml agreement: "Tragbare" -> "Tragbarer" before "Scanner"); as
    written where the language has no such rule or the head's gender is unknown."""
    rule = rules().get("agreement", {}).get(language)
    gender = noun_genders().get(head) if rule else None
    if rule is None or gender is None:
        return words
    plural, ending = rule["plural"], rule["singular"][gender]
    out = list(words)
    for at in range(len(words) - 1, -1, -1):
        if not _adjective(words[at], rule, language):
            break
        out[at] = words[at][: len(words[at]) - len(plural)] + ending
    return out


def _adjective(word: str, rule: dict[str, Any], language: str) -> bool:
    """Whether `word` is an adjective in the plural: it ends in the plural ending and its lemma
    is another word and no noun ("zugelassene": "zulassen"), or, a word the lemmatiser leaves
    as it is, it ends like an adjective ("strombetriebene"; not "de" of "Eau de Parfum")."""
    lower = word.lower()
    if not lower.endswith(rule["plural"]):
        return False
    lemma = stems.lemma(lower, language)
    if lemma != lower and lemma[:1].islower():
        return True
    return lemma.lower() == lower and lower.endswith(tuple(rule["adjective_endings"]))


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
    return singular(first_name(undoubled(name, code), code), code)
