"""Policy-check throughput: listing-locales per second per core through every pack that applies
(the engine, its rules run through policies.runner), against calling the same rule functions
directly, and the batch path of `policies check FILE.jsonl` (read, parse, check, one JSON line out).

Usage: python benchmarks/policies.py [--rounds N] [--lines N] [--min-lines-per-second R]
    [--corpus FILE.jsonl] [--products DIR] [--novel FILE.jsonl]
Both arms run in this process on the same listings; the ratio is what to compare across machines.
The batch path exits 1 when it checks fewer than R lines per second per core.

The catalogue gives 20 distinct listing-locales, so the per-text caches (readings, lemmas, the
paraphrase detector's claims) are warm on every line but the first few. The novel arm times
lines whose texts the process has never read, in a new process (`--novel FILE` runs it alone
and prints its numbers as JSON): the policy corpus's dev lines (`--corpus`) cut into three
slices that share no listing text (lines sharing a title, bullet or description are one
family, each family in one slice; see `slices`). The cold slice is timed first, one-time
costs and all (rule sets, phrase matchers, dictionaries, patterns compiled on first use);
then the warm-up slice is checked out of the timing; then the steady slice is timed, each
line's texts new, then again (texts cached). It reports the process's start, the one-time
cost (the cold slice's CPU beyond its lines at the steady rate) and the steady per-line rate
apart; the cost of new text is the ratio of the steady slice's two rates. Seller attributes
(addresses) are not listing text: a catalogue repeats its own. The product arm does the same
with real product texts (`--products`, default the shared data's products-train folder; train
splits only, skipped when the files are not there): each WDC-PAVE, AE-110k and OA-Mine train
record as a listing line (title, the description's first sentences as bullets, the
description, its category and attributes; en-US on amazon).
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
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


@dataclass(frozen=True)
class Novel:
    """The novel arm's CPU seconds, from a new process: its start (imports), the lines of the
    first slice (one-time costs and all), the steady slice's lines (after a warm-up slice, each
    text never read), and the same lines again (their texts cached)."""

    start: float
    cold: float
    steady: float
    again: float
    counts: tuple[int, int, int]  # lines of the cold, warm-up and steady slices

    def one_time(self) -> float:
        """CPU seconds the first slice cost beyond its lines at the steady rate."""
        return self.counts[0] * (self.cold - self.steady)


def slices(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The lines cut into a cold slice, a warm-up slice and a steady slice that share no
    listing text (title, bullet, description): lines that share one are one family, and the
    families of each locale go to the cold, warm-up, steady and warm-up slices in turn. The
    warm-up slice takes every line of its families, the others one line of each (a family's
    lines repeat each other's texts), so no line of the cold or steady slice was read before."""
    families: dict[str, int] = {}
    members: list[list[str]] = []
    for line in lines:
        listing = json.loads(line).get("listing") or {}
        texts = [listing.get("title"), listing.get("description"), *(listing.get("bullets") or [])]
        known = {families[t] for t in texts if t and t in families}
        family = min(known) if known else len(members)
        if not known:
            members.append([])
        for other in sorted(known - {family}):  # joined: one family from now on
            members[family] += members[other]
            members[other] = []
            families.update({t: family for t, f in families.items() if f == other})
        members[family].append(line)
        families.update({t: family for t in texts if t})
    turns: dict[str, itertools.cycle] = {}
    cold: list[str] = []
    warm: list[str] = []
    steady: list[str] = []
    for family in filter(None, members):
        locale = json.loads(family[0]).get("locale", "")
        turn = turns.setdefault(locale, itertools.cycle(("cold", "warm", "steady", "warm")))
        match next(turn):
            case "cold":
                cold.append(family[0])
            case "steady":
                steady.append(family[0])
            case _:
                warm += family
    return cold, warm, steady


def novel_lines(lines: list[str]) -> Novel:
    """The novel arm in this process (run it in a new one: `--novel FILE`): the cold slice
    timed first, one-time costs and all, then the warm-up slice out of the timing, then the
    steady slice (texts never read), then the steady slice again."""
    start = time.process_time()
    cold, warm, steady = slices(lines)
    first = batch(cold, [])
    per_line = batch(steady, warm)
    again = batch(steady, [])
    return Novel(start, first, per_line, again, (len(cold), len(warm), len(steady)))


def novel(path: Path) -> Novel:
    """The novel arm on the lines of `path`, in a new process (nothing of this one warm)."""
    command = [sys.executable, __file__, "--novel", str(path)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    found = json.loads(done.stdout.splitlines()[-1])
    return Novel(**{**found, "counts": tuple(found["counts"])})


def report(name: str, found: Novel) -> None:
    """The novel arm's numbers: one-time costs apart from the steady per-line rate."""
    cold, warm, steady = found.counts
    print(
        f"{name}: a new process's start {found.start:.2f} s CPU; its first {cold} lines "
        f"{1 / found.cold:,.0f} lines/s/core, {found.one_time():.2f} s of one-time costs beyond "
        f"the steady rate; after {warm} warm-up lines, {steady} lines never read: "
        f"{1 / found.steady:,.0f} lines/s/core steady; the same lines again: "
        f"{1 / found.again:,.0f} (new text costs {found.steady / found.again:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--lines", type=int, default=5_000)
    parser.add_argument("--min-lines-per-second", type=float, default=None)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--products", type=Path, default=PRODUCTS)
    parser.add_argument("--novel", type=Path, default=None, help="the novel arm alone, on FILE")
    args = parser.parse_args()
    if args.novel is not None:
        found = novel_lines(args.novel.read_text(encoding="utf-8").splitlines())
        print(json.dumps(asdict(found)))
        return
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
    found = novel(args.corpus)
    report("policies check on lines new to the process", found)
    ratio = per_line / found.steady
    print(f"steady new lines against the catalogue's repeated lines: {ratio:.2f}x the rate")
    products = product_lines(args.products)
    if products:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "products.jsonl"
            path.write_text("\n".join(products) + "\n", encoding="utf-8")
            report("real product texts new to the process", novel(path))
    else:
        print(f"real product texts: none in {args.products} (train splits), arm skipped")
    if args.min_lines_per_second and 1 / per_line < args.min_lines_per_second:
        print(f"below the floor of {args.min_lines_per_second:,.0f} lines/s/core")
        sys.exit(1)


if __name__ == "__main__":
    main()
