"""Policy-check throughput: listing-locales per second per core through every pack that applies
(the engine, its rules run through policies.runner), against calling the same rule functions
directly, and the batch path of `policies check FILE.jsonl` (read, parse, check, one JSON line out).

Usage: python benchmarks/policies.py [--rounds N] [--lines N] [--min-lines-per-second R]
    [--corpus FILE.jsonl] [--products DIR]
Both arms run in this process on the same listings; the ratio is what to compare across machines.
The batch path exits 1 when it checks fewer than R lines per second per core.

The catalogue gives 20 distinct listing-locales, so the per-text caches (readings, lemmas, the
paraphrase detector's claims) are warm on every line but the first few. The novel arm times
lines whose texts the process has not seen: the policy corpus's dev lines (`--corpus`), every
other line checked first to warm the rule sets, phrase matchers and dictionaries of its scopes
and languages, then the other lines timed once each; then the same lines again (their texts now
cached), so the cost of new text is the ratio of the two, measured in the same run. The
product arm does the same with real product texts (`--products`, default the shared data's
products-train folder; train splits only, skipped when the files are not there): each WDC-PAVE,
AE-110k and OA-Mine train record as a listing line (title, the description's first sentences as
bullets, the description, its category and attributes; en-US on amazon).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

from listingsmith.batch.policy_lines import read_listings, result_of, results
from listingsmith.config import Settings
from listingsmith.domain import Draft
from listingsmith.policies.engine import check_policies, rule_set, rules_tagged
from listingsmith.policies.kinds import KINDS
from listingsmith.policies.paraphrase import sentences
from listingsmith.policies.rules import RuleContext
from listingsmith.text.reader import read

LOCALES = ("en-US", "de-DE", "ja-JP", "zh-CN")
ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "examples" / "catalog.jsonl"
CORPUS = ROOT / "evals" / "data" / "policies" / "dev.jsonl"
# Real product texts: the train splits only (never the evaluation files in products/).
PRODUCTS = ROOT.parent / "shared" / "data" / "products-train"
PRODUCT_FILES = ("wdc-pave-train.jsonl", "ae-110k-train.jsonl", "oa-mine-train.jsonl")
PRODUCT_BULLETS = 3


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
    without the engine's runners (exceptions, findings)."""
    rules = rule_set(locale, "amazon", None)
    index = rules.phrase_index(context.language)
    hits = 0
    for field, text in draft.fields().items():
        reading = read(text, context.language)
        present = rules_tagged(index.tags(reading))
        matched = {rules.pattern_rules[i] for i in rules.patterns.matching(reading.text)}
        for rule, _, _ in rules.for_field(field):
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


def batch_lines(drafts: list[Draft], count: int) -> list[str]:
    """`count` JSONL lines of `policies check`: the listings in turn, each in a locale in turn,
    with the seller attributes an EU listing is checked against."""
    attributes = {"manufacturer": "Acme GmbH", "manufacturer_address": None, "gtin": 4006381333931}
    pairs = itertools.islice(itertools.cycle(itertools.product(drafts, LOCALES)), count)
    return [
        json.dumps(
            {
                "id": f"x{index}",
                "locale": locale,
                "marketplace": "amazon",
                "brand": None,
                "listing": draft.model_dump(exclude={"origins"}),
                "attributes": attributes,
            },
            ensure_ascii=False,
        )
        for index, (draft, locale) in enumerate(pairs)
    ]


def batch(lines: list[str], warm: list[str] | None = None) -> float:
    """CPU seconds per line of the `policies check FILE.jsonl` path, from the file's bytes to
    each output line's JSON, after checking `warm` (default: the first 50 of `lines`) out of
    the timing, so the rule sets are built once per process, not per line."""
    settings = Settings()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "listings.jsonl"
        warm_path = Path(folder) / "warm.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        warm_lines = lines[:50] if warm is None else warm
        warm_path.write_text("\n".join(warm_lines) + "\n", encoding="utf-8")
        for number, raw, error in (
            read_listings(warm_path, settings.input_limits) if warm_lines else ()
        ):
            result_of(number, raw, error, {}, settings)
        started = time.process_time()
        for line in results(read_listings(path, settings.input_limits), {}, settings):
            json.dumps(line, ensure_ascii=False)
        return (time.process_time() - started) / len(lines)


def product_lines(folder: Path, files: tuple[str, ...] = PRODUCT_FILES) -> list[str]:
    """`policies check` lines of the real product records of the train splits in `folder` that
    are there (none when it is missing): the title, the description's first sentences as
    bullets, the description, the record's category and attributes, en-US on amazon."""
    out = []
    for name in files:
        path = folder / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            description = record.get("description") or ""
            bullets = [description[a:b] for a, b in sentences(description)[:PRODUCT_BULLETS]]
            out.append(
                json.dumps(
                    {
                        "id": record["id"],
                        "locale": "en-US",
                        "marketplace": "amazon",
                        "category": record.get("category"),
                        "listing": {
                            "title": record["title"],
                            "bullets": bullets,
                            "description": description,
                        },
                        "attributes": record.get("attributes_gold") or {},
                    },
                    ensure_ascii=False,
                )
            )
    return out


def novel(corpus: Path) -> tuple[float, float, int]:
    """CPU seconds per line on the corpus's odd lines, each new to the process (after the even
    lines warmed their scopes and languages), then on the same lines again; and their count."""
    return novel_lines(corpus.read_text(encoding="utf-8").splitlines())


def novel_lines(lines: list[str]) -> tuple[float, float, int]:
    """CPU seconds per line on the odd lines of `lines`, each new to the process (after the even
    lines warmed their scopes and languages), then on the same lines again; and their count."""
    warm, timed_lines = lines[::2], lines[1::2]
    first = batch(timed_lines, warm)
    again = batch(timed_lines, [])
    return first, again, len(timed_lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--lines", type=int, default=5_000)
    parser.add_argument("--min-lines-per-second", type=float, default=None)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--products", type=Path, default=PRODUCTS)
    args = parser.parse_args()
    items = [(d, loc, RuleContext(language=loc[:2])) for d in listings() for loc in LOCALES]
    for draft, locale, context in items:  # warm caches (patterns, rule sets) out of the timing
        check_policies(draft, locale, "amazon", None, context)
    engine = timed(lambda d, loc, c: check_policies(d, loc, "amazon", None, c), items, args.rounds)
    bare = timed(direct, items, args.rounds)
    print(f"listing-locales: {len(items)} x {args.rounds} rounds")
    print(f"engine: {1 / engine:,.0f} listing-locales/s/core")
    print(f"rule functions direct: {1 / bare:,.0f} listing-locales/s/core")
    print(f"engine cost: {engine / bare:.2f}x the direct calls")
    per_line = batch(batch_lines(listings(), args.lines))
    print(f"policies check FILE.jsonl: {1 / per_line:,.0f} lines/s/core ({args.lines} lines)")
    first, again, count = novel(args.corpus)
    print(
        f"policies check on lines new to the process: {1 / first:,.0f} lines/s/core; the same "
        f"lines again: {1 / again:,.0f} ({count} lines; new text costs {first / again:.2f}x)"
    )
    print(f"new lines against the catalogue's repeated lines: {per_line / first:.2f}x the rate")
    products = product_lines(args.products)
    if products:
        first, again, count = novel_lines(products)
        print(
            f"real product texts new to the process: {1 / first:,.0f} lines/s/core; the same "
            f"lines again: {1 / again:,.0f} ({count} lines; new text costs {first / again:.2f}x)"
        )
    else:
        print(f"real product texts: none in {args.products} (train splits), arm skipped")
    if args.min_lines_per_second and 1 / per_line < args.min_lines_per_second:
        print(f"below the floor of {args.min_lines_per_second:,.0f} lines/s/core")
        sys.exit(1)


if __name__ == "__main__":
    main()
