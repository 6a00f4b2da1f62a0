"""What the policy checks cost in memory and in regex work, however a seller writes."""

import tracemalloc

from listingsmith.domain import Draft
from listingsmith.policies.engine import check_policies
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
