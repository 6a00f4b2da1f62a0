"""The paraphrase detector's cost and false alarms.

Throughput: listing-locales per second per core through the policy engine alone and with the
detector (cold: its per-sentence cache cleared every round; warm: repeated texts cached), on
benchmarks/policies.py's listings. False alarms: the share of ordinary sentences it flags in
data files it was not trained on (product records, NTREX-128 sentences per language).

Usage: python benchmarks/paraphrase.py [--rounds N] [--false-alarms FILE ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from policies import LOCALES, listings

from listingsmith.policies import paraphrase
from listingsmith.policies.engine import check_policies
from listingsmith.policies.rules import RuleContext
from listingsmith.training.claims import ordinary_texts

LANGUAGES = {"en", "de", "fr", "es", "it", "nl", "pl", "sv", "pt", "ja", "zh"}


def engine(draft, locale, context) -> None:
    check_policies(draft, locale, "amazon", None, context)


def detector(draft, locale, context) -> None:
    findings, _ = check_policies(draft, locale, "amazon", None, context)
    paraphrase.paraphrase_findings(draft, locale, context.attributes, findings)


def timed(fn, items, rounds: int, cold: bool) -> float:
    """CPU seconds per item (process time: one core)."""
    spent = 0.0
    for _ in range(rounds):
        if cold:
            paraphrase.field_claims.cache_clear()
        started = time.process_time()
        for draft, locale, context in items:
            fn(draft, locale, context)
        spent += time.process_time() - started
    return spent / (rounds * len(items))


def throughput(rounds: int) -> None:
    items = [(d, loc, RuleContext(language=loc[:2])) for d in listings() for loc in LOCALES]
    for item in items:  # load the model, warm the engine's caches
        detector(*item)
    sentences = sum(len(paraphrase.units(t)) for d, _, _ in items for t in d.fields().values())
    print(f"listing-locales: {len(items)} x {rounds} rounds, {sentences} sentences in all")
    for name, fn, cold in (
        ("engine alone", engine, False),
        ("engine + detector, cold", detector, True),
        ("engine + detector, warm", detector, False),
    ):
        print(f"{name}: {1 / timed(fn, items, rounds, cold):,.0f} listing-locales/s/core")


def false_alarms(paths: list[Path]) -> None:
    for path in paths:
        fired: Counter[str] = Counter()
        for language, texts in sorted(ordinary_texts(path, LANGUAGES).items()):
            spans = [(t, s) for t in texts for s in paraphrase.units(t)]
            hits = [paraphrase.claim(t[a:b], language) for t, (a, b) in spans]
            for hit in filter(None, hits):
                fired[hit[0]] += 1
            count = sum(1 for hit in hits if hit)
            rate = count / len(spans) if spans else 0.0
            print(f"{path.name} {language}: {count}/{len(spans)} sentences flagged ({rate:.2%})")
        print(f"{path.name} by class: {dict(fired)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--false-alarms", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    if args.false_alarms:
        false_alarms(args.false_alarms)
    else:
        throughput(args.rounds)


if __name__ == "__main__":
    main()
