"""Evasions of the policy corpus: how sellers' text hides a claim from a matcher while a reader
still sees it (invisible characters, look-alike letters, spacing, entities, width, script)."""

from __future__ import annotations

import html.entities
import unicodedata
from collections.abc import Callable
from functools import cache

LATIN_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "nl", "pl", "sv", "pt"})
# Kinds in the order they are rotated through, per script.
LATIN_KINDS = (
    "zero_width",
    "homoglyph",
    "spaced",
    "html_entity",
    "leet",
    "soft_hyphen",
    "dash",
    "apostrophe",
    "decomposed",
    "fullwidth",
    "case",
)
JA_KINDS = (
    "halfwidth",
    "zero_width",
    "spaced",
    "html_entity",
    "decomposed",
    "fullwidth",
    "homoglyph",
)
ZH_KINDS = ("traditional", "zero_width", "spaced", "html_entity", "fullwidth", "homoglyph")

ZERO_WIDTH = "\u200b"
SOFT_HYPHEN = "\u00ad"
# Latin letters and their Cyrillic or Greek look-alikes (Unicode TR39 confusables).
HOMOGLYPHS = {
    "a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445",
    "y": "\u0443", "i": "\u0456", "A": "\u0391", "B": "\u0412", "E": "\u0395", "H": "\u041d",
    "K": "\u039a", "M": "\u041c", "N": "\u039d", "O": "\u039f", "P": "\u03a1", "T": "\u0422",
    "X": "\u03a7", "v": "\u03bd", "!": "\u01c3",
}  # fmt: skip
LEET = {"e": "3", "o": "0", "a": "4", "i": "1", "E": "3", "O": "0", "A": "4", "I": "1"}


def kinds_for(language: str) -> tuple[str, ...]:
    """The evasion kinds that make sense in a language's script."""
    if language == "ja":
        return JA_KINDS
    if language == "zh":
        return ZH_KINDS
    return LATIN_KINDS


def _inside(span: str, insert: str) -> str | None:
    """insert placed inside the longest word of span (between two letters), or None."""
    words = [w for w in span.split() if sum(ch.isalnum() for ch in w) >= 2]
    if not words:
        return None
    word = max(words, key=len)
    at = max(1, len(word) // 2)
    while at < len(word) and not (word[at - 1].isalnum() and word[at].isalnum()):
        at += 1
    if at >= len(word):
        return None
    return span.replace(word, word[:at] + insert + word[at:], 1)


def zero_width(span: str, language: str) -> str | None:
    """A zero-width space inside the word."""
    return _inside(span, ZERO_WIDTH)


def soft_hyphen(span: str, language: str) -> str | None:
    """A soft hyphen inside the word (invisible unless the line breaks there)."""
    return _inside(span, SOFT_HYPHEN) if language in LATIN_LANGUAGES else None


def dash(span: str, language: str) -> str | None:
    """An en-dash for the hyphen of a compound, or inside a long word."""
    if language not in LATIN_LANGUAGES:
        return None
    if "-" in span:
        return span.replace("-", "\u2013")
    return _inside(span, "\u2013") if max(map(len, span.split()), default=0) >= 6 else None


def homoglyph(span: str, language: str) -> str | None:
    """Up to two letters swapped for Cyrillic or Greek look-alikes."""
    out, swapped = [], 0
    for char in span:
        if swapped < 2 and char in HOMOGLYPHS:
            out.append(HOMOGLYPHS[char])
            swapped += 1
        else:
            out.append(char)
    return "".join(out) if swapped else None


def spaced(span: str, language: str) -> str | None:
    """Letters spaced out: e c o - f r i e n d l y."""
    if sum(ch.isalnum() for ch in span) < 3:
        return None
    return "  ".join(" ".join(ch for ch in word) for word in span.split())


def html_entity(span: str, language: str) -> str | None:
    """Characters written as HTML entities (named where HTML has a name, else numeric)."""
    named = {
        ch: f"&{html.entities.codepoint2name[ord(ch)]};"
        for ch in set(span)
        if ord(ch) > 127 and ord(ch) in html.entities.codepoint2name
    }
    if named:
        return "".join(named.get(ch, ch) for ch in span)
    at = 1 if len(span) > 1 else 0
    if span[at].isspace():
        at = 0
    code = ord(span[at])
    entity = f"&#x{code:X};" if code > 0xFFFF else f"&#{code};"
    return span[:at] + entity + span[at + 1 :]


def leet(span: str, language: str) -> str | None:
    """Vowels written as digits: 3co-fr13ndly."""
    if language not in LATIN_LANGUAGES:
        return None
    out = "".join(LEET.get(ch, ch) for ch in span)
    return out if out != span else None


def apostrophe(span: str, language: str) -> str | None:
    """The typographic apostrophe for the typewriter one."""
    return span.replace("'", "\u2019") if "'" in span else None


def decomposed(span: str, language: str) -> str | None:
    """Accents and dakuten as combining characters (Unicode NFD)."""
    out = unicodedata.normalize("NFD", span)
    return out if out != span else None


def fullwidth(span: str, language: str) -> str | None:
    """ASCII letters, digits and punctuation in their full-width forms."""
    out = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in span)
    return out if out != span else None


def case(span: str, language: str) -> str | None:
    """Upper case, or alternating case where the span is upper case already."""
    if language not in LATIN_LANGUAGES:
        return None
    if span.upper() != span:
        return span.upper()
    out = "".join(ch.lower() if i % 2 else ch for i, ch in enumerate(span))
    return out if out != span else None


@cache
def _halfwidth_table() -> dict[str, str]:
    """Full-width katakana (and the voiced ones) to their half-width spellings."""
    table = {}
    for code in range(0xFF61, 0xFF9F + 1):
        half = chr(code)
        table.setdefault(unicodedata.normalize("NFKC", half), half)
    for full, half in list(table.items()):
        for mark, half_mark in (("\u3099", "\uff9e"), ("\u309a", "\uff9f")):
            voiced = unicodedata.normalize("NFC", full + mark)
            if len(voiced) == 1 and voiced != full:
                table[voiced] = half + half_mark
    return table


def halfwidth(span: str, language: str) -> str | None:
    """Katakana in half-width forms: ナンバーワン as ﾅﾝﾊﾞｰﾜﾝ."""
    table = _halfwidth_table()
    out = "".join(table.get(ch, ch) if "\u30a0" <= ch <= "\u30ff" else ch for ch in span)
    return out if out != span else None


@cache
def _to_traditional() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("s2t").convert


def traditional(span: str, language: str) -> str | None:
    """Simplified Chinese in Traditional characters (OpenCC s2t)."""
    if language != "zh":
        return None
    out = _to_traditional()(span)
    return out if out != span else None


EVASIONS: dict[str, Callable[[str, str], str | None]] = {
    "zero_width": zero_width,
    "homoglyph": homoglyph,
    "spaced": spaced,
    "html_entity": html_entity,
    "leet": leet,
    "soft_hyphen": soft_hyphen,
    "dash": dash,
    "apostrophe": apostrophe,
    "decomposed": decomposed,
    "fullwidth": fullwidth,
    "case": case,
    "halfwidth": halfwidth,
    "traditional": traditional,
}


def evade(kind: str, span: str, language: str) -> str | None:
    """span rewritten by one evasion kind, or None where the kind does not apply to it."""
    return EVASIONS[kind](span, language)
