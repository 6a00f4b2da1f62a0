"""A title's adjective values in agreement with the product noun (agreement.yaml): "Salsa
picante, roja", "Salsa piccante, rossa" and "Chaussure de sport, noire", not "rojo", "rosso"
and "noir"; invariable colour names ("rosa", "naranja", "blu", "marron") and compound colours
("azul marino", "bleu-vert") stay as written."""

from __future__ import annotations

from typing import Any, Literal

from listingsmith.compose.lexicon import data

Gender = Literal["f", "m"]


def _rules(language: str) -> dict[str, Any] | None:
    return data("agreement")["agreement"].get(language)


def agrees(name: str, language: str) -> bool:
    """Whether a title's value of the canonical attribute `name` agrees with the noun in
    `language`."""
    rules = _rules(language)
    return rules is not None and name in rules["attributes"]


def noun_form(noun: str, language: str) -> tuple[Gender | None, bool]:
    """The gender and number (plural: True) of a head-initial noun phrase's head, its first
    word ("Salsa picante" -> ("f", False)); gender None where no rule or word names it. A
    plural head is listed as it is written where dropping its last letter makes no singular
    ("Pantaloni", "Calcetines")."""
    rules = _rules(language)
    words = noun.split()
    if rules is None or not words:
        return None, False
    head = words[0].lower()
    plural = head in rules.get("plural_words", ()) or any(
        head.endswith(e) and len(head) > len(e) + 1 for e in rules["plural_endings"]
    )
    single = head[:-1] if plural else head
    if single in rules["feminine_words"] or head in rules["feminine_words"]:
        return "f", plural
    if single in rules["masculine_words"] or head in rules["masculine_words"]:
        return "m", plural
    if any(single.startswith(p) for p in rules.get("masculine_prefixes", ())):
        return "m", plural
    endings = [(e, "f") for e in rules["feminine_endings"]] + [
        (e, "m") for e in rules["masculine_endings"]
    ]
    for ending, gender in sorted(endings, key=lambda pair: -len(pair[0])):
        if single.endswith(ending):
            return gender, plural  # type: ignore[return-value]
    return None, plural


def agreed(value: str, noun: str | None, language: str) -> str:
    """`value` (a colour, pattern, shape or length as the lexicons write it, masculine
    singular) in the gender and number of `noun`'s head; each part of a compound ("rojo/negro"
    -> "roja/negra"); unchanged where the noun's gender is unknown, the value has more than one
    word, or the word is invariable; in French (parts_agree false) a compound's parts stay as
    written too, two colours of one thing ("noir/blanc")."""
    rules = _rules(language)
    if rules is None or not noun:
        return value
    gender, plural = noun_form(noun, language)
    if gender is None:
        return value
    parts = value.split("/")
    if len(parts) > 1 and not rules.get("parts_agree", True):
        return value
    return "/".join(_word(part, gender, plural, rules) for part in parts)


def _word(word: str, gender: Gender, plural: bool, rules: dict[str, Any]) -> str:
    prefix = next((p for p in rules.get("agreeing_prefixes", ()) if word.startswith(p)), "")
    if prefix and len(word) > len(prefix):
        return prefix + _word(word[len(prefix) :], gender, plural, rules)
    marks = rules.get("compound_marks", [" "])
    if any(mark in word.strip() for mark in marks) or word.lower() in rules["invariable"]:
        return word
    if gender == "f":
        word = _ending(word, rules["feminine"])
    return _ending(word, rules["plural"]) if plural else word


def _ending(word: str, pairs: list[list[str]]) -> str:
    for ending, replaced in pairs:
        if word.endswith(ending):
            return word[: len(word) - len(ending)] + replaced
    return word
