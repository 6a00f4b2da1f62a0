"""The phone-number prefilter (policies.phone_shapes): a region is skipped only where
PhoneNumberMatcher would find nothing in the run, and part numbers skip most regions."""

import random

import phonenumbers
import pytest
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, normalize_digits_only

from listingsmith.policies import contacts
from listingsmith.policies.packs import load_packs
from listingsmith.policies.phone_shapes import may_hold

EN = ("US", "GB", "IE", "CA", "AU", "IN")
TYPES = (
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
)


def pack_regions() -> list[str]:
    """Every region the contact-details rules of the packs read phone numbers in."""
    found = {
        region
        for pack in load_packs()
        for rule in pack.rules
        if rule.kind == "contact_details"
        for regions in rule.params.get("regions", {}).values()
        for region in regions
    }
    return sorted(found)


def found(run: str, region: str, strict: bool) -> bool:
    """What contacts._numbers_in asks of one region: a match (one covering the run's digits,
    where strict), at VALID leniency (strict grouping finds a subset of it)."""
    spans = [(m.start, m.end) for m in PhoneNumberMatcher(run, region, Leniency.VALID)]
    return bool(spans) and (not strict or contacts._covers(run, spans))


def test_part_numbers_skip_regions_and_phone_numbers_do_not() -> None:
    part = normalize_digits_only("571516-001")
    skipped = [r for r in EN if not may_hold(part, r, last=True)]
    assert {"US", "CA", "GB", "IN"} <= set(skipped)
    for run, region in (
        ("504-834-9999", "US"),
        ("020 7946 0018", "GB"),
        ("011 44 20 7946 0018", "US"),
    ):
        assert found(run, region, strict=True)
        assert may_hold(normalize_digits_only(run), region, last=True)


@pytest.mark.parametrize("region", pack_regions())
def test_example_numbers_of_every_region_pass_where_they_are_read(region: str) -> None:
    """phonenumbers' example numbers of each type, written nationally (read in their region)
    and after the international prefix of US and GB (read there): never skipped."""
    for kind in TYPES:
        number = phonenumbers.example_number_for_type(region, kind)
        if number is None:
            continue
        national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        digits = normalize_digits_only(national)
        assert may_hold(digits, region, last=True), (region, national)
        code_and_number = f"{number.country_code}{phonenumbers.national_significant_number(number)}"
        for dialled_from, prefix in (("US", "011"), ("GB", "00")):
            assert may_hold(prefix + code_and_number, dialled_from, last=True), (region, kind)


def test_a_region_is_skipped_only_where_its_matcher_finds_nothing() -> None:
    """Seeded random runs (digit groups, separators, zeros): wherever a region is skipped, its
    matcher finds no number (none that covers the run, in the strict reading)."""
    rng = random.Random(9)
    regions = sorted({*EN, "DE", "FR", "IT", "ES", "NL", "PL", "SE", "CN", "MX", "TR"})
    skipped = 0
    for _ in range(400):
        groups = ["".join(rng.choice("0123456789000") for _ in range(rng.randint(1, 6)))]
        groups += ["".join(rng.choice("0123456789") for _ in range(rng.randint(2, 5)))]
        run = rng.choice(" -./").join(groups * rng.randint(1, 2))
        if sum(c.isdigit() for c in run) < 7:
            continue
        digits = normalize_digits_only(run)
        for region in rng.sample(regions, 4):
            for strict in (False, True):
                if not may_hold(digits, region, last=strict):
                    skipped += 1
                    assert not found(run, region, strict), (run, region, strict)
    assert skipped > 200  # the prefilter does skip: the assertions above were reached
