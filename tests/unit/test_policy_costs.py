"""What the policy checks cost in memory and in regex work, however a seller writes."""

import re
import tracemalloc

import pytest

from listingsmith.domain import Draft
from listingsmith.policies.engine import check_policies
from listingsmith.policies.packs import load_packs
from listingsmith.policies.rules import fold


def test_the_policy_caches_do_not_grow_with_seller_text() -> None:
    draft = Draft(title="Water bottle", bullets=["Holds 750 ml"], description="Keeps drinks cold.")
    for locale in ("de-DE", "en-US"):
        check_policies(draft, locale, "amazon", "warm-up")
        check_policies(draft, locale, "etsy", "warm-up")
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(200):
        category = f"Kitchen > Bottles {i} " + "x" * 1_000
        check_policies(draft, "de-DE", "amazon", category)
        check_policies(draft, "en-US", f"shop-{i}", category)
        fold(f"{i} " + "long seller text " * 500)
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown < 1_000_000  # was about 51 KB per distinct category, never freed


# A pattern that opens with a repeated class ("\b[\w-]+...") may start a match at every
# position inside a long run and scan the rest of the run from each: quadratic. Its first run
# must be guarded by a lookbehind on the same class, so a match starts only where a run starts.
_LEADING_RUN = re.compile(r"^(?:\(\?[a-z]+\))?(?:\\b)?(?:\[[^\]]+\]|\\[wdsS])[+*{]")
_GUARDED_RUN = re.compile(r"^(?:\(\?[a-z]+\))?\(\?<!(\[[^\]]+\])\)(\[[^\]]+\])[+*{]")
PATTERNS = [
    (rule.id, pattern)
    for pack in load_packs()
    for rule in pack.rules
    for pattern in rule.params.get("patterns", [])
]


@pytest.mark.parametrize(("rule_id", "pattern"), PATTERNS)
def test_no_pattern_starts_inside_its_own_leading_run(rule_id: str, pattern: str) -> None:
    assert not _LEADING_RUN.match(pattern), f"{rule_id}: {pattern}"
    guarded = _GUARDED_RUN.match(pattern)
    assert guarded is None or guarded[1] == guarded[2], f"{rule_id}: {pattern}"


def test_the_guard_tells_the_old_contact_patterns_from_the_new() -> None:
    assert _LEADING_RUN.match(r"(?i)\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
    assert _LEADING_RUN.match(r"(?i)\b[\w-]+\.(?:com|net)\b")
    assert not _LEADING_RUN.match(r"(?i)(?<![\w-])[\w-]+\.(?:com|net)\b")
    assert _GUARDED_RUN.match(r"(?i)(?<![\w-])[\w-]+\.(?:com|net)\b")
