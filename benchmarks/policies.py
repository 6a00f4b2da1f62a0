"""Policy-check throughput: listing-locales per second per core through every pack that applies,
and the cost of the guardrails validator layer against calling the same rule functions directly.

Usage: python benchmarks/policies.py [--rounds N]
Both arms run in this process on the same listings; the ratio is what to compare across machines.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from listingsmith.domain import Draft
from listingsmith.policies.engine import check_policies, rule_set
from listingsmith.policies.rules import KINDS, RuleContext
from listingsmith.text.reader import read

LOCALES = ("en-US", "de-DE", "ja-JP", "zh-CN")
CATALOG = Path(__file__).resolve().parent.parent / "examples" / "catalog.jsonl"


def listings() -> list[Draft]:
    """Listing-shaped texts built from the example catalogue."""
    out = []
    for line in CATALOG.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        sentences = [s.strip() for s in record["description"].split(",") if s.strip()]
        out.append(
            Draft(
                title=record["title"],
                bullets=sentences[:3],
                description=record["description"],
                keywords=record["title"].lower().split()[:5],
            )
        )
    return out


def direct(draft: Draft, locale: str, context: RuleContext) -> int:
    """The engine's own rule selection (fields, phrase index), calling the rule functions
    without the guardrails validator layer."""
    rules = rule_set(locale, "amazon", None)
    index = rules.phrase_index(context.language)
    hits = 0
    for field, text in draft.fields().items():
        reading = read(text, context.language)
        present = index.tags(reading)
        matched = {rules.pattern_rules[i] for i in rules.patterns.matching(reading.text)}
        for rule, _ in rules.for_field(field):
            if rule.id in rules.triggered and rule.id not in present:
                continue
            if rule.id not in rules.patterned_only or rule.id in matched:
                hits += sum(1 for _ in KINDS[rule.kind](text, rule.params, context))
    return hits


def timed(fn, items, rounds: int) -> float:
    """CPU seconds per item (process time: one core)."""
    started = time.process_time()
    for _ in range(rounds):
        for draft, locale, context in items:
            fn(draft, locale, context)
    return (time.process_time() - started) / (rounds * len(items))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    items = [(d, loc, RuleContext(language=loc[:2])) for d in listings() for loc in LOCALES]
    for draft, locale, context in items:  # warm caches (patterns, validators) out of the timing
        check_policies(draft, locale, "amazon", None, context)
    engine = timed(lambda d, loc, c: check_policies(d, loc, "amazon", None, c), items, args.rounds)
    bare = timed(direct, items, args.rounds)
    print(f"listing-locales: {len(items)} x {args.rounds} rounds")
    print(f"guardrails validators: {1 / engine:,.0f} listing-locales/s/core")
    print(f"rule functions direct: {1 / bare:,.0f} listing-locales/s/core")
    print(f"validator layer cost: {engine / bare:.2f}x the direct calls")


if __name__ == "__main__":
    main()
