"""Fact-check evaluation: inject known errors into real texts and measure what the checks see.

Recall: share of injected errors flagged at their span. False-alarm rate: share of untouched
claims that the gold attributes cover (the claim overlaps a gold value in the text) which are
flagged. Both overall, per claim class and per language (en on the real text; de and ja on
template sentences built from the same claims).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from listingsmith.datasets import GoldRecord
from listingsmith.domain import Attribute
from listingsmith.facts.verify import Verdict, check_claims
from listingsmith.lexicons import load, load_data
from listingsmith.text.claims import Claim, extract_claims
from listingsmith.text.quantities import normalize

LOCALES = {"en": "en-US", "de": "de-DE", "ja": "ja-JP"}
TEMPLATED = ("quantity", "color", "material", "count")


@dataclass(frozen=True)
class Case:
    """One text to check: an injected error (must be flagged) or an untouched claim (must not)."""

    record: str
    language: str
    claim_class: str
    text: str
    span: tuple[int, int]
    injected: bool


def injections() -> dict[str, Any]:
    """The injection tables and templates (evals/injections.yaml)."""
    return load_data(__package__, "injections.yaml")


def covered_claims(record: GoldRecord) -> list[Claim]:
    """Claims in the record's text that overlap a gold value written there."""
    text = normalize(record.text)
    lowered = text.lower()
    spans = []
    for values in record.gold.values():
        for value in values:
            needle = normalize(value).lower().strip()
            if len(needle) >= 2:
                spans += [(m.start(), m.end()) for m in re.finditer(re.escape(needle), lowered)]
    claims = []
    for claim in extract_claims(text, "en"):
        if claim.kind in TEMPLATED and any(
            s < claim.span[1] and claim.span[0] < e for s, e in spans
        ):
            claims.append(claim)
    return claims


def _form(canonical: str, lexicon: str, language: str) -> str:
    return load(lexicon)[canonical][language][0]


def mutate(
    claim: Claim, language: str, variant: int, stated: frozenset[str] = frozenset()
) -> str | None:
    """The claim's surface with a known error (None if this claim has no such variant). A swap
    to a colour or material that the gold also states would not be an error: none is made."""
    tables = injections()
    if claim.kind == "quantity" and claim.quantity:
        number = re.search(r"\d+(?:[.,]\d+)?", claim.surface)
        if number is None:
            return None
        if variant == 0:
            value = float(number.group().replace(",", ".")) * 2
            doubled = f"{value:g}"
            return claim.surface[: number.start()] + doubled + claim.surface[number.end() :]
        swap = tables["unit_swaps"].get(claim.quantity.unit)
        return f"{number.group()} {swap}" if swap else None
    if variant:
        return None
    if claim.kind == "count":
        digits = re.search(r"\d+", claim.surface)
        assert digits is not None
        return (
            claim.surface[: digits.start()]
            + str(int(digits.group()) + 1)
            + claim.surface[digits.end() :]
        )
    table, lexicon = {
        "color": ("color_swaps", "colors"),
        "material": ("material_swaps", "materials"),
    }[claim.kind]
    other = tables[table].get(claim.value or "")
    return _form(other, lexicon, language) if other and other not in stated else None


def stated_terms(record: GoldRecord) -> frozenset[str]:
    """Canonical colours and materials the gold attributes state."""
    gold = " ".join(v for values in record.gold.values() for v in values)
    return frozenset(c.value for c in extract_claims(gold, "en") if c.kind in ("color", "material"))


def english_cases(record: GoldRecord) -> list[Case]:
    """Untouched and mutated claims of the real text, plus added origin and certification."""
    text = normalize(record.text)
    stated = stated_terms(record)
    cases = []
    for claim in covered_claims(record):
        cases.append(Case(record.id, "en", claim.kind, text, claim.span, False))
        for variant in (0, 1):
            wrong = mutate(claim, "en", variant, stated)
            if wrong and wrong.lower() != claim.surface.lower():
                start = claim.span[0]
                mutated = text[:start] + wrong + text[claim.span[1] :]
                cases.append(
                    Case(record.id, "en", claim.kind, mutated, (start, start + len(wrong)), True)
                )
    return cases + addition_cases(record, "en", text)


def addition_cases(record: GoldRecord, language: str, text: str) -> list[Case]:
    """An unsupported origin and an unsupported certification appended to the text."""
    cases = []
    additions = injections()["additions"]
    gold_text = " ".join(v for values in record.gold.values() for v in values).lower()
    for claim_class, by_language in additions.items():
        spec = by_language[language]
        addition = spec["text"]
        if "countries" in spec:
            country = "china" if "germany" in gold_text or "deutschland" in gold_text else "germany"
            addition = addition.format(country=spec["countries"][country])
        joined = f"{text} {addition}"
        cases.append(
            Case(record.id, language, claim_class, joined, (len(text) + 1, len(joined)), True)
        )
    return cases


def template_cases(record: GoldRecord, language: str) -> list[Case]:
    """The record's covered claims carried into `language` by template, untouched and mutated."""
    templates = injections()["templates"][language]
    stated = stated_terms(record)
    cases = []
    for claim in covered_claims(record):
        sentence = _render(claim, templates[claim.kind], language)
        if sentence is None:
            continue
        text, span = sentence
        cases.append(Case(record.id, language, claim.kind, text, span, False))
        for variant in (0, 1):
            wrong = mutate(claim, language, variant, stated)
            if not wrong:
                continue
            changed = _render(claim, templates[claim.kind], language, wrong)
            if changed and changed[0] != text:
                cases.append(Case(record.id, language, claim.kind, changed[0], changed[1], True))
    return cases + addition_cases(record, language, "")


def _render(
    claim: Claim, template: str, language: str, surface: str | None = None
) -> tuple[str, tuple[int, int]] | None:
    if claim.kind == "quantity":
        piece = surface or claim.surface
        key = "{surface}"
    elif claim.kind == "count":
        digits = re.search(r"\d+", surface or claim.surface)
        piece = digits.group() if digits else ""
        key = "{count}"
    else:
        lexicon = "colors" if claim.kind == "color" else "materials"
        piece = surface or _form(claim.value or "", lexicon, language)
        key = "{form}"
    start = template.index(key)
    return template.replace(key, piece), (start, start + len(piece))


def judge(case: Case, attributes: list[Attribute], rel_tolerance: float) -> bool:
    """Whether the fact-check flags a claim overlapping the case's span."""
    checks = check_claims(case.text, attributes, LOCALES[case.language], rel_tolerance, "en")
    return any(
        c.verdict is not Verdict.SUPPORTED
        and c.claim.span[0] < case.span[1]
        and case.span[0] < c.claim.span[1]
        for c in checks
    )


def evaluate(records: list[GoldRecord], rel_tolerance: float) -> dict[str, Any]:
    """Recall and false-alarm rate overall, per claim class and per language."""
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    examples: list[dict[str, Any]] = []
    for record in records:
        attributes = record.gold_attributes()
        cases = english_cases(record) + template_cases(record, "de") + template_cases(record, "ja")
        for case in cases:
            flagged = judge(case, attributes, rel_tolerance)
            outcome = (
                ("detected" if flagged else "missed")
                if case.injected
                else ("false_alarm" if flagged else "clean")
            )
            for key in (
                "overall",
                f"class:{case.claim_class}",
                f"language:{case.language}",
                f"class:{case.claim_class}|language:{case.language}",
            ):
                tallies[key][outcome] += 1
            if outcome in ("missed", "false_alarm") and len(examples) < 200:
                examples.append(
                    {
                        "record": case.record,
                        "language": case.language,
                        "class": case.claim_class,
                        "outcome": outcome,
                        "text": case.text[:300],
                        "span": case.span,
                    }
                )
    return {"groups": {key: _rates(t) for key, t in sorted(tallies.items())}, "errors": examples}


def _rates(tally: dict[str, int]) -> dict[str, Any]:
    injected = tally["detected"] + tally["missed"]
    untouched = tally["clean"] + tally["false_alarm"]
    return {
        "recall": round(tally["detected"] / injected, 4) if injected else None,
        "false_alarm_rate": round(tally["false_alarm"] / untouched, 4) if untouched else None,
        "injected": injected,
        "untouched": untouched,
    }
