"""CPU cost of adversarial titles through the deterministic checks (every policy pack, the
fact-check, the locale conventions): each shape is a long repetition built to make a
backtracking pattern start over at every position.

Usage: python benchmarks/adversarial_titles.py [--chars N] [--locale de-DE]
Prints seconds per shape at N/2 and N characters and their ratio: about 2 is linear, about 4
quadratic.
"""

from __future__ import annotations

import argparse
import time

from listingsmith.domain import Draft
from listingsmith.facts.verify import fact_findings
from listingsmith.locale.conventions import apply_conventions
from listingsmith.policies.engine import check_policies

# Repeated units: dotted and hyphenated words (the e-mail and domain patterns), digits and
# separators (the phone patterns), tags and spaces (HTML), full-width and upper-case text
# (folding, capitals), one word over and over (repeated words).
SHAPES = (
    *("a.", "a-", "a+", "a@", "a@b-", "1 ", " +1", "1-", "<a ", "www.", "ＢＥＳＴ ", "word "),
    *("1 x ", "1 oz ", "made in ", "100% ", "½ "),  # dimension lists, quantities, claims
)


def seconds(title: str, locale: str) -> float:
    """Process CPU seconds of checking a listing with this title and applying the conventions."""
    draft = Draft(title=title)
    started = time.process_time()
    check_policies(draft, locale, "amazon", None)
    fact_findings(draft, [], locale, 0.02, "en")
    apply_conventions(title, locale)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--locale", default="de-DE")
    args = parser.parse_args()
    check_policies(Draft(title="warm-up"), args.locale, "amazon", None)
    total = 0.0
    for unit in SHAPES:
        half, full = (
            seconds((unit * (n // len(unit) + 1))[:n] + "!", args.locale)
            for n in (args.chars // 2, args.chars)
        )
        total += full
        print(f"{unit!r:10} {half:8.3f} s  {full:8.3f} s  ratio {full / max(half, 1e-9):.1f}")
    print(f"all shapes at {args.chars:,} chars: {total:.2f} s")


if __name__ == "__main__":
    main()
