"""Contact details in a listing: phone numbers in the national formats of the listing's countries
and in international format (Google's libphonenumber, through the `phonenumbers` package), and
e-mail addresses, URLs and bare domains found with linear-time scans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from phonenumbers import Leniency, PhoneNumberMatcher

from listingsmith.text.reader import read

if TYPE_CHECKING:  # rules registers this kind: a runtime import would be circular
    from listingsmith.policies.rules import Hit, RuleContext

# A text without a digit holds no phone number: one scan tells, before the runs are read.
_DIGIT = re.compile(r"\d")
# Runs that may hold a phone number: a digit, then digits and separators. Nothing follows the
# repetition, so the engine never backtracks: linear in the text.
_NUMBER_RUN = re.compile(r"[+(]?\d[\d \u00a0()./\u2010-\u2015-]*")
# Maximal runs of the characters an e-mail address or a domain is made of (linear, as above).
_EMAIL_RUN = re.compile(r"[\w.+@-]+")
# Only the runs with a dot: a run's start (the lookbehind), its letters up to the first dot taken
# possessively (never given back), so a run without a dot fails once: linear as well.
_DOMAIN_RUN = re.compile(r"(?<![\w.-])[\w-]*+\.[\w.-]*+")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
# "sales [at] example [dot] com": one start per run (the lookbehind), no overlapping pieces;
# "at" and "dot" in the languages of the marketplaces too ("(ät)", "(punkt)", "[arroba]").
_AT = (
    r"\s?[\[({]\s?(?:at|ät|@|arroba|arobase|chiocciola|apenstaartje|małpa|malpa|snabel-a)"
    r"\s?[\])}]\s?"
)
_DOT = r"(?:\s?[\[({]\s?(?:dot|punkt|point|punto|punt|ponto|kropka|\.)\s?[\])}]\s?|\.)"
_OBFUSCATED_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+{_DOT}[a-z]{{2,}}\b", re.I)
_LABEL = re.compile(r"[\w-]{1,63}")
_TRAILING = ".,;:-)("


@dataclass(frozen=True)
class PhoneLimits:
    """Which digit runs are phone candidates (the rule's `phone` params): at least `min_digits`
    and at most `max_digits` digits (E.164's 15 plus a prefix) in at most `max_run_chars`
    characters; past `max_validated` candidates in one text (about 30 µs each), further ones are
    reported unvalidated, never passed unread."""

    min_digits: int = 7
    max_digits: int = 17
    max_run_chars: int = 40
    max_validated: int = 1_000


def contact_details(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """URLs, e-mail addresses, bare domains of `tlds` and phone numbers of the listing's regions
    (`regions` by language, else every region listed) in the text as a reader sees it, spans in
    the original; overlapping hits are reported once."""
    reached = -1  # the end of the last span reported: spans come sorted, so overlap is one test
    reading = read(text, context.language)  # entities, format characters, full-width forms
    seen = reading.text
    found = [*_urls(seen), *_emails(seen)]
    if "." in seen:  # a bare domain has a dot
        found += _domains(seen, frozenset(params.get("tlds", ())))
    if _DIGIT.search(seen):  # a phone number has a digit
        regions = _regions(params.get("regions", {}), context.language)
        found += _phones(seen, regions, PhoneLimits(**params.get("phone", {})))
    for start, end in sorted(found):
        if start < reached:
            continue
        reached = end
        start, end = reading.span(start, end)
        yield (start, end), {"match": text[start:end]}


def _regions(by_language: dict[str, list[str]], language: str) -> tuple[str, ...]:
    if language in by_language:
        return tuple(by_language[language])
    return tuple(dict.fromkeys(r for regions in by_language.values() for r in regions))


def _urls(text: str) -> Iterator[tuple[int, int]]:
    if "://" not in text and "www." not in text.lower():
        return  # the URL pattern cannot match: skip the scan
    for found in _URL.finditer(text):
        yield found.start(), found.start() + len(found.group().rstrip(_TRAILING))


def _emails(text: str) -> Iterator[tuple[int, int]]:
    if "@" in text:
        yield from _plain_emails(text)
    if "(" in text or "[" in text or "{" in text:
        for found in _OBFUSCATED_EMAIL.finditer(text):
            yield found.span()


def _plain_emails(text: str) -> Iterator[tuple[int, int]]:
    for found in _EMAIL_RUN.finditer(text):
        token = found.group().rstrip(_TRAILING)
        if token.count("@") == 1:
            local, domain = token.split("@")
            if local.strip(".") and len(local) <= 64 and _is_domain(domain, None):
                yield found.start(), found.start() + len(token)


def _domains(text: str, tlds: frozenset[str]) -> Iterator[tuple[int, int]]:
    if not tlds or "." not in text:
        return
    for found in _DOMAIN_RUN.finditer(text):
        token = found.group().rstrip(_TRAILING)
        start = found.start()
        if start and text[start - 1] in "@/":
            continue  # part of an e-mail address or a URL, reported as that
        if "." in token and _is_domain(token, tlds):
            yield start, start + len(token)


def _is_domain(name: str, tlds: frozenset[str] | None) -> bool:
    """Dot-separated labels with a letter in the name and an alphabetic top-level label (one of
    `tlds`, when given)."""
    labels = name.lower().split(".")
    if len(labels) < 2 or len(name) > 253:
        return False
    if not all(_LABEL.fullmatch(label) for label in labels):
        return False
    top = labels[-1]
    if not top.isalpha() or len(top) < 2 or (tlds is not None and top not in tlds):
        return False
    return any(c.isalpha() for c in labels[-2])


def _phones(text: str, regions: tuple[str, ...], limits: PhoneLimits) -> Iterator[tuple[int, int]]:
    budget = limits.max_validated
    for found in _NUMBER_RUN.finditer(text):
        run = found.group().rstrip(" \u00a0(./-\u2010\u2011\u2012\u2013\u2014\u2015")
        start = found.start()
        digits = sum(c.isdigit() for c in run)
        if not limits.min_digits <= digits <= limits.max_digits or len(run) > limits.max_run_chars:
            continue
        end = start + len(run)
        before, after = text[start - 1 : start], text[end : end + 1]
        if _latin_letter(before) or _latin_letter(after):
            continue  # part of a model or part number (B21-4359521, SKU12345678)
        if run.isdigit() and _is_gtin(run):
            continue  # an EAN/UPC with a valid check digit
        budget -= 1
        if budget < 0:
            yield start, end
            continue
        for a, b in _numbers_in(run, regions):
            yield start + a, start + b


@lru_cache(maxsize=4096)
def _numbers_in(run: str, regions: tuple[str, ...]) -> list[tuple[int, int]]:
    """Phone numbers inside one run: international format (+...) wherever it is possible,
    national formats only where valid in one of the regions."""
    if run.startswith("+"):
        matches = PhoneNumberMatcher(run, regions[0] if regions else "US", Leniency.POSSIBLE)
        return [(m.start, m.end) for m in matches]
    for region in regions:
        spans = [(m.start, m.end) for m in PhoneNumberMatcher(run, region, Leniency.VALID)]
        if spans:
            return spans
    return []


def _latin_letter(char: str) -> bool:
    """A letter of a Latin-script word (CJK text may touch a number: 电话13812345678)."""
    return bool(char) and char.isalpha() and ord(char) < 0x250


def _is_gtin(digits: str) -> bool:
    """A GTIN-8/12/13/14 whose GS1 check digit is right."""
    if len(digits) not in (8, 12, 13, 14):
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check
