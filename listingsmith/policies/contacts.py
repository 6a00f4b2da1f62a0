"""Contact details in a listing: phone numbers in the national formats of the listing's countries
and in international format (Google's libphonenumber, through the `phonenumbers` package), and
e-mail addresses, URLs and bare domains found with linear-time scans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from phonenumbers import Leniency, PhoneNumberMatcher, normalize_digits_only

from listingsmith.policies.phone_shapes import may_hold
from listingsmith.policies.rules import Hit, RuleContext
from listingsmith.text.reader import read

# A text with fewer digits than a phone number has holds none: one scan counts them, before
# the runs are read (the runs' scan tries every position of the text).
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_ASCII_DIGITS = b"0123456789"
# A space between two digits that stand alone: a number spelled out digit by digit.
_SPELLED_OUT = re.compile(r"(?<=(?<!\d)\d) (?=\d(?!\d))")
# What may stand between the digits of a phone number.
_SEPARATORS = r" \u00a0()./\u2010-\u2015-"
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
    # Words that introduce a phone number ("call", "Tel.", 电话) up to `cue_chars` before a run.
    # Where the rule lists them, a national number without one must be grouped as its country
    # groups it and cover its whole run: a style or part number ("Shoe - 234712-0001",
    # "130690 003") is valid in some national format but written as none.
    cues: tuple[str, ...] = ()
    cue_chars: int = 40


@dataclass(frozen=True)
class _Plan:
    """What a rule's params ask for, resolved once per params object: the top-level domains, a
    scan that finds where a bare domain of one of them may end, the phone limits, the runs of
    at least `min_digits` digits, and the regions by language."""

    tlds: frozenset[str]
    domain_ends: re.Pattern[str] | None
    limits: PhoneLimits
    number_runs: re.Pattern[str]
    regions: dict[str, tuple[str, ...]]
    everywhere: tuple[str, ...]
    cue: re.Pattern[str] | None


# Plans by the id of their params (pack data: a rule's params live as long as the rule; the
# memo holds each params object, so an id is never reused while remembered; bounded anyway).
_PLANS: dict[int, tuple[dict[str, Any], _Plan]] = {}
PLAN_MEMO = 256


def _plan(params: dict[str, Any]) -> _Plan:
    found = _PLANS.get(id(params))
    if found is not None and found[0] is params:
        return found[1]
    tlds = frozenset(params.get("tlds", ()))
    phone = dict(params.get("phone", {}))
    phone["cues"] = tuple(phone.get("cues", ()))
    limits = PhoneLimits(**phone)
    by_language = params.get("regions", {})
    plan = _Plan(
        tlds,
        _domain_ends(tlds),
        limits,
        _number_runs(limits.min_digits),
        {language: tuple(regions) for language, regions in by_language.items()},
        tuple(dict.fromkeys(r for regions in by_language.values() for r in regions)),
        _cue(limits.cues),
    )
    if len(_PLANS) >= PLAN_MEMO:
        _PLANS.clear()
    _PLANS[id(params)] = (params, plan)
    return plan


def _cue(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """A cue word anywhere in the stretch before a run (casefolded; a Latin word not inside
    another: "tel" is no cue in "hotel")."""
    if not cues:
        return None
    words = "|".join(sorted(map(re.escape, {c.casefold() for c in cues}), key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{words})")


def _domain_ends(tlds: frozenset[str]) -> re.Pattern[str] | None:
    """Where a bare domain of `tlds` may end: a dot, a top-level label, no letter or digit
    after it (a superset of what _domains reports: one scan tells a text has none)."""
    if not tlds:
        return None
    labels = "|".join(sorted(map(re.escape, tlds), key=len, reverse=True))
    return re.compile(rf"\.(?:{labels})(?![^\W_])", re.IGNORECASE)


def _number_runs(min_digits: int) -> re.Pattern[str]:
    """Runs that may hold a phone number: a digit, then digits and separators, with at least
    `min_digits` digits (a run with fewer has no part with more, so those never reach Python).
    Each repetition ends on a digit, which no separator is, and nothing but the maximal tail
    follows: a start that fails backtracks only over its own run, linear in the text.

    The run's start is `[+(]?\\d` spelled as one character class, then a check of what it took
    (a digit, or "+" or "(" before a digit): a pattern that opens on a class lets the regex
    engine skip to the next digit, "+" or "(" in C instead of trying every position (1.4x
    on the policy corpus's and the product texts' fields; the same runs)."""
    further = max(min_digits - 1, 0)
    start = r"[\d+(](?:(?<=\d)|(?<=[+(])\d)"
    return re.compile(rf"{start}(?:[{_SEPARATORS}]*\d){{{further}}}[\d{_SEPARATORS}]*")


def _digits(text: str) -> int:
    """How many digits (`\\d`) the text holds; in ASCII text those are 0-9, counted by one
    bytes.translate (0.25 against 1.05 µs a product field for a findall that builds a list)."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data) - len(data.translate(None, _ASCII_DIGITS))
    return len(_DIGIT.findall(text))


def contact_details(text: str, params: dict[str, Any], context: RuleContext) -> Iterator[Hit]:
    """URLs, e-mail addresses, bare domains of `tlds` and phone numbers of the listing's regions
    (`regions` by language, else every region listed) in the text as a reader sees it, spans in
    the original; overlapping hits are reported once."""
    reading = read(text, context.language)  # entities, format characters, full-width forms
    seen = reading.text
    plan = _plan(params)
    found: list[tuple[int, int]] = []
    if "://" in seen or "www." in seen.lower():
        found += _urls(seen)
    if "@" in seen or "(" in seen or "[" in seen or "{" in seen:
        found += _emails(seen)
    if plan.domain_ends is not None and "." in seen and plan.domain_ends.search(seen):
        found += _domains(seen, plan.tlds)
    if _digits(seen) >= plan.limits.min_digits:
        regions = plan.regions.get(context.language, plan.everywhere)
        found += _phones(seen, regions, plan.limits, plan.number_runs, plan.cue)
    if not found:
        return
    reached = -1  # the end of the last span reported: spans come sorted, so overlap is one test
    for start, end in sorted(found):
        if start < reached:
            continue
        reached = end
        start, end = reading.span(start, end)
        yield (start, end), {"match": text[start:end]}


def _urls(text: str) -> Iterator[tuple[int, int]]:
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


def _phones(
    text: str,
    regions: tuple[str, ...],
    limits: PhoneLimits,
    runs: re.Pattern[str],
    cue: re.Pattern[str] | None = None,
) -> Iterator[tuple[int, int]]:
    budget = limits.max_validated
    for found in runs.finditer(text):
        run = found.group().rstrip(" \u00a0(./-\u2010\u2011\u2012\u2013\u2014\u2015")
        start = found.start()
        digits = sum(c.isdigit() for c in run)
        if not limits.min_digits <= digits <= limits.max_digits or len(run) > limits.max_run_chars:
            continue
        end = start + len(run)
        before, after = text[start - 1 : start], text[end : end + 1]
        if _in_word(before) or _in_word(after):
            continue  # part of a model or part number (B21-4359521, SKU12345678, shop_5217353)
        if run.isdigit() and _is_gtin(run):
            continue  # an EAN/UPC with a valid check digit
        budget -= 1
        if budget < 0:
            yield start, end
            continue
        strict = cue is not None and not cue.search(
            text[max(0, start - limits.cue_chars) : start].casefold()
        )
        for a, b in _numbers_in(run, regions, strict):
            yield start + a, start + b


@lru_cache(maxsize=4096)
def _numbers_in(run: str, regions: tuple[str, ...], strict: bool = False) -> list[tuple[int, int]]:
    """Phone numbers inside one run: international format (+...) wherever it is possible,
    national formats only where valid in one of the regions; `strict` (no cue word before the
    run): grouped as the region groups its numbers, and covering every digit of the run."""
    if run.startswith("+"):
        matches = PhoneNumberMatcher(run, regions[0] if regions else "US", Leniency.POSSIBLE)
        return [(m.start, m.end) for m in matches]
    loose = not strict or _grouped_as_phone(run)
    leniency = Leniency.VALID if loose else Leniency.STRICT_GROUPING
    digits = normalize_digits_only(run)
    for region in regions:
        if not may_hold(digits, region, last=strict):
            continue  # no stretch of its digits has the shape of a number there (phone_shapes)
        spans = [(m.start, m.end) for m in PhoneNumberMatcher(run, region, leniency)]
        if spans and (not strict or _covers(run, spans)):
            return spans
    return []


def _grouped_as_phone(run: str) -> bool:
    """Digits in the groups people write phone numbers in whatever the country's own format:
    two to four digits each after a first of one to four ("612 345 678", "1-800-555-0199"), or
    spelled out digit by digit ("0 3 0  1 2 3 4", "3 4 7 123 4567" as the reader leaves it); a
    style or part number has a longer group ("234712-0001", "80141015-10", "130690 003")."""
    read_together = _SPELLED_OUT.sub("", run)
    if read_together != run:
        return True  # spelled out: an evasion, never a style number
    groups = _DIGITS.findall(run)
    return len(groups) > 1 and len(groups[0]) <= 4 and all(2 <= len(g) <= 4 for g in groups[1:])


def _covers(run: str, spans: list[tuple[int, int]]) -> bool:
    """Whether the spans hold every digit of the run (no digit of a longer code left over)."""
    return all(any(a <= i < b for a, b in spans) for i, c in enumerate(run) if c.isdigit())


def _in_word(char: str) -> bool:
    """A letter of a Latin-script word or an identifier's underscore (CJK text may touch a
    number: 电话13812345678)."""
    return char == "_" or (char.isalpha() and ord(char) < 0x250)


def _is_gtin(digits: str) -> bool:
    """A GTIN-8/12/13/14 whose GS1 check digit is right."""
    if len(digits) not in (8, 12, 13, 14):
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check
