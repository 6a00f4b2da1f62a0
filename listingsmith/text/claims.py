"""Checkable claims in a text of any supported language: quantities with units, colours,
materials, compositions (100 % cotton), counts and pack sizes, origin, percentages, regulated
claims."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from listingsmith.lexicons import load, load_extra, surface_forms
from listingsmith.text.quantities import Quantity, find_quantities, normalize
from listingsmith.text.terms import find_terms

TERM_KINDS = {"color": "colors", "material": "materials"}
# Classes whose unsupported claims block (regulated); others must be fixed.
REGULATED_CLASSES = frozenset({"certification", "health", "waterproof", "composition", "origin"})
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN = "0-9a-z\u00c0-\u024f"
# A percentage outside a composition ("25% premium", "99.9 % of germs"): a number a listing may
# state only when the product data states it.
_PERCENT = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s?%")


@dataclass(frozen=True)
class Claim:
    """One factual statement found in a text.

    kind: quantity, color, material, composition, count, origin, percent or regulated; key
    narrows it (the fibre of a composition, the canonical regulated claim); value is what is
    claimed.
    """

    kind: str
    surface: str
    span: tuple[int, int]
    key: str | None = None
    value: str | None = None
    quantity: Quantity | None = None

    @property
    def claim_class(self) -> str:
        """The class a finding reports: kind, or the regulated claim's class."""
        if self.kind == "regulated":
            return load("regulated")[self.key]["class"]
        return self.kind


def _bounded(form: str, prefix: bool) -> str:
    escaped = re.escape(form)
    if _CJK.search(form):
        return escaped
    return rf"(?<![{_LATIN}]){escaped}" + ("" if prefix else rf"(?![{_LATIN}])")


@cache
def _regulated_pattern(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    forms = {
        form.lower(): canonical
        for canonical, entry in load("regulated").items()
        for form in entry.get(language, [])
    }
    ordered = sorted(forms, key=len, reverse=True)
    prefix = language in load_extra("regulated", "prefix_languages")
    return re.compile("|".join(_bounded(f, prefix) for f in ordered)), forms


@cache
def _composition_pattern(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    fibres = surface_forms("materials", language)
    alternation = "|".join(re.escape(f) for f in sorted(fibres, key=len, reverse=True))
    percent = r"(?P<pct>\d{1,3}(?:[.,]\d+)?)\s?%"
    before = rf"{percent}\s?(?P<fibre>{alternation})"
    after = rf"(?P<fibre2>{alternation})\s?{percent.replace('pct', 'pct2')}"
    pattern = f"{before}|{after}"
    return re.compile(pattern), fibres


@cache
def _country_lookup() -> dict[str, str]:
    return {
        form.lower(): canonical
        for canonical, forms in load_extra("origins", "countries").items()
        for form in forms
    }


def country_of(text: str) -> str | None:
    """The canonical country a name refers to (USA, Deutschland, 中国 ...), if known."""
    return _country_lookup().get(normalize(text).strip(" .").lower())


def _origin_claims(text: str, language: str) -> list[Claim]:
    claims = []
    for expression in load_extra("origins", "patterns").get(language, []):
        for found in re.finditer(expression, text):
            country = country_of(found.group("country"))
            if country:
                claims.append(
                    Claim("origin", text[slice(*found.span())], found.span(), value=country)
                )
    return claims


def _count_claims(text: str, language: str) -> list[Claim]:
    claims = []
    for expression in load_extra("counts", "patterns").get(language, []):
        # A count starts a number: "HT2510PR12X" is a part number, not 12 pieces.
        bounded = (
            f"(?<![{_LATIN}-]){expression}" if expression.startswith("(?P<count>") else expression
        )
        for found in re.finditer(bounded, text):
            claims.append(
                Claim(
                    "count",
                    text[slice(*found.span())],
                    found.span(),
                    value=str(int(found.group("count"))),
                )
            )
    return claims


def _composition_claims(text: str, language: str) -> list[Claim]:
    pattern, fibres = _composition_pattern(language)
    claims = []
    for found in pattern.finditer(text):
        fibre = fibres[(found.group("fibre") or found.group("fibre2")).lower()]
        percent = (found.group("pct") or found.group("pct2")).replace(",", ".")
        claims.append(
            Claim(
                "composition",
                text[slice(*found.span())],
                found.span(),
                key=fibre,
                value=f"{float(percent):g}",
            )
        )
    return claims


def _regulated_claims(text: str, language: str) -> list[Claim]:
    pattern, forms = _regulated_pattern(language)
    if not forms:
        return []
    return [
        Claim("regulated", text[slice(*m.span())], m.span(), key=forms[m.group()])
        for m in pattern.finditer(text)
    ]


def extract_claims(text: str, language: str) -> list[Claim]:
    """Every claim in `text`, written in `language` (matching is NFKC and case-insensitive;
    spans refer to the NFKC text, which keeps offsets for full-width forms)."""
    normalized = normalize(text)
    folded = _folded(normalized)
    claims = [Claim("quantity", q.surface, q.span, quantity=q) for q in find_quantities(text)]
    for kind, lexicon in TERM_KINDS.items():
        claims += [
            Claim(kind, t.surface, t.span, value=t.canonical)
            for t in find_terms(text, lexicon, language)
            if kind != "material" or not _modifies(normalized, t.span, language)
        ]
    claims += _composition_claims(folded, language)
    claims += _count_claims(folded, language)
    claims += _origin_claims(folded, language)
    claims += _regulated_claims(folded, language)
    claims += _percent_claims(folded, claims)
    return claims


def count_claims(text: str, language: str) -> list[Claim]:
    """extract_claims' count claims alone ("Pack of 50", "50件装"), spans in the NFKC text."""
    return _count_claims(_folded(normalize(text)), language)


def _folded(normalized: str) -> str:
    """Lower-cased character by character: "İ" would become two characters and shift spans."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in normalized)


# Characters before a material word searched for a modifier (materials.yaml's longest "before"
# word is under 20 characters; the rest is room for its spaces, hyphens and "d'").
_BEFORE_WINDOW = 64


@cache
def _modifier_patterns(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The words after and before a material word that make it a modifier (materials.yaml
    `modifiers`): after it, following a space or hyphen (in CJK directly); before it, followed
    by a space (a French "effet cuir")."""
    data = load_extra("materials", "modifiers")
    after = data["after"].get(language, [])
    before = data["before"].get(language, [])
    cjk = language in ("ja", "zh")
    after_re = (
        re.compile(
            ("" if cjk else r"[\s-]?")
            + "(?:"
            + "|".join(_bounded(w, prefix=False) for w in after)
            + ")",
            re.IGNORECASE,
        )
        if after
        else None
    )
    before_re = (
        re.compile(
            "(?:" + "|".join(_bounded(w, prefix=False) for w in before) + r")[\s-]+(?:d['’]\s*)?$",
            re.IGNORECASE,
        )
        if before
        else None
    )
    return after_re, before_re


def _modifies(text: str, span: tuple[int, int], language: str) -> bool:
    """Whether the material word at `span` of `text` only modifies a word ("Steel Cut Oats",
    "gold-plated", "effet cuir"): it does not state what the product is made of."""
    after, before = _modifier_patterns(language)
    if after is not None and after.match(text, span[1]):
        return True
    # Only the characters just before the word can end in a modifier: a window of the longest
    # one and its separators, so a long text's many material words cost no quadratic search.
    start = max(0, span[0] - _BEFORE_WINDOW)
    return before is not None and before.search(text, start, span[0]) is not None


def _percent_claims(text: str, found: list[Claim]) -> list[Claim]:
    """Percentages that no composition claim already covers."""
    taken = [c.span for c in found if c.kind == "composition"]
    return [
        Claim("percent", hit.group(), hit.span(), value=str(float(hit.group(1).replace(",", "."))))
        for hit in _PERCENT.finditer(text)
        if not any(start <= hit.start() < end for start, end in taken)
    ]
