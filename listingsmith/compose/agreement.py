"""A title's adjective values in agreement with the product noun (agreement.yaml): "Salsa
picante, roja" and "Salsa piccante, rossa", not "rojo" and "rosso"; invariable colour names
("rosa", "naranja", "blu", "viola") and compound colours ("azul marino") stay as written."""

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
    word ("Salsa picante" -> ("f", False)); gender None where no rule or word names it."""
    rules = _rules(language)
    words = noun.split()
    if rules is None or not words:
        return None, False
    head = words[0].lower()
    plural = any(head.endswith(e) and len(head) > len(e) + 1 for e in rules["plural_endings"])
    single = head[:-1] if plural else head
    if single in rules["feminine_words"]:
        return "f", plural
    if single in rules["masculine_words"]:
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
    word, or the word is invariable."""
    rules = _rules(language)
    if rules is None or not noun:
        return value
    gender, plural = noun_form(noun, language)
    if gender is None:
        return value
    return "/".join(_word(part, gender, plural, rules) for part in value.split("/"))


def _word(word: str, gender: Gender, plural: bool, rules: dict[str, Any]) -> str:
    if " " in word.strip() or word.lower() in rules["invariable"]:
        return word
    if gender == "f":
        word = _ending(word, rules["feminine"])
    return _ending(word, rules["plural"]) if plural else word


def _ending(word: str, pairs: list[list[str]]) -> str:
    for ending, replaced in pairs:
        if word.endswith(ending):
            return word[: len(word) - len(ending)] + replaced
    return word
