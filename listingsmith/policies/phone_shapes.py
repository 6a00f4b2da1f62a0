"""Which regions could read a phone number in a run of digits, from phonenumbers' own metadata:
a prefilter before PhoneNumberMatcher (30 to 130 µs a region) that never skips a region where
the matcher would find a number (contacts._numbers_in).

Why it is exact, for a run without "+" read with default region R (VALID leniency or stricter:
every match is a valid number): parse() reads all the digits of a candidate, a stretch of the
run, in order (a run has no letters and no extension mark), then strips, from the front only,
R's international prefix and a country code, or R's country code, and a national prefix or
carrier code. Where no national prefix transform rule rewrites what is left, the national
significant number is a stretch of consecutive digits of the run (leading zeros kept), and a
valid number's has the possible length and matches the pattern of a number type (fixed line,
mobile, toll free, ...) of a region of its country code. So R can match only where (a) R's
international prefix matches somewhere in the digits, followed by a country code whose
national numbers could be a stretch of the digits after it, or (b) some stretch of the digits
could be a national number of R's country code. Where the matches must hold every digit of the
run (contacts' strict reading), the last match holds the last digit and its national number
ends there: only stretches that end the run count. The national prefix is stripped by the
rules of the default region, or of the main region of the country code read (US for a +1
number read in CA): where either has a transform rule, or a region of the code lacks a general
description, the region is never skipped."""

from __future__ import annotations

import re
from functools import cache

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, region_code_for_country_code

# Calling codes are one to three digits, never starting with 0.
_CODE_LENGTHS = (1, 2, 3)
# The number types phonenumbers tells a valid number by (_number_type_helper).
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


@cache
def _national(code: int) -> tuple[re.Pattern[str], tuple[int, ...]] | None:
    """The national numbers of calling code `code`: the union of the patterns and possible
    lengths of every number type of its regions (a valid number has a type of its region:
    phonenumbers' _number_type_helper); None where one may not hold: the code's main region
    (whose rules parse a number of the code read from another region) rewrites national numbers
    with a transform rule, or a region lacks a general description."""
    main = PhoneMetadata.metadata_for_region_or_calling_code(
        code, region_code_for_country_code(code)
    )
    if main is None or main.national_prefix_transform_rule is not None:
        return None
    patterns, lengths = [], set()
    for region in COUNTRY_CODE_TO_REGION_CODE.get(code, ()):
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
        general = None if metadata is None else metadata.general_desc
        if general is None or not general.national_number_pattern or not general.possible_length:
            return None
        for kind in _TYPES:
            desc = getattr(metadata, kind)
            if desc is None or not desc.national_number_pattern:
                continue  # a type without a pattern matches no number
            patterns.append(f"(?:{desc.national_number_pattern})")
            # A type without lengths of its own has the general description's.
            lengths.update(desc.possible_length or general.possible_length)
    lengths = {n for n in lengths if n > 0}
    if not patterns or not lengths:
        return None
    return re.compile("|".join(patterns)), tuple(sorted(lengths))


@cache
def _region(region: str) -> tuple[int, re.Pattern[str] | None] | None:
    """A default region's calling code and international prefix; None where phonenumbers lacks
    it, or its own rules or its code's rewrite national numbers (a transform rule)."""
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None or not metadata.country_code:
        return None
    if metadata.national_prefix_transform_rule is not None:
        return None
    if _national(metadata.country_code) is None:
        return None
    prefix = metadata.international_prefix
    # Every place the prefix matches (parse matches it where a candidate's digits start), in
    # one scan: a lookahead at each position captures what a match there would.
    return metadata.country_code, re.compile(f"(?=({prefix}))") if prefix else None


def _national_in(digits: str, code: int, last: bool) -> bool:
    """Whether a stretch of `digits` (one that ends them, where `last`) could be a national
    number of calling code `code`."""
    found = _national(code)
    if found is None:
        return True
    pattern, lengths = found
    size = len(digits)
    if last:
        return any(pattern.fullmatch(digits, size - n) for n in lengths if n <= size)
    return any(
        pattern.fullmatch(digits, start, start + n)
        for n in lengths
        if n <= size
        for start in range(size - n + 1)
    )


def may_hold(digits: str, region: str, last: bool = False) -> bool:
    """Whether PhoneNumberMatcher with default `region` could find a valid number in a run
    without "+" whose digits (ASCII, phonenumbers.normalize_digits_only) are `digits`; with
    `last`, one whose national number ends the run. False only where it cannot (see above)."""
    known = _region(region)
    if known is None:
        return True
    code, international = known
    if international is not None:
        for prefix in international.finditer(digits):
            after = prefix.end(1)
            if after >= len(digits) or digits[after] == "0":
                continue
            for size in _CODE_LENGTHS:
                other = int(digits[after : after + size])
                if other in COUNTRY_CODE_TO_REGION_CODE and _national_in(
                    digits[after + size :], other, last
                ):
                    return True
    return _national_in(digits, code, last)
