"""Every rule of every pack on 1 MB adversarial texts, timed per rule: repeated near-matches,
"a-a-a...", long tokens, many spaces, many entities, look-alikes, spaced letters, leetspeak,
many percentages.
The rule functions are called directly (the engine's field limit would stop these texts first).

Usage: python benchmarks/policies_adversarial.py [--mb 1] [--limit 1.0]
Prints the worst input per rule and fails when any rule takes longer than the limit.
"""

from __future__ import annotations

import argparse
import sys
import time

from listingsmith.policies.kinds import KINDS
from listingsmith.policies.packs import load_packs
from listingsmith.policies.rules import RuleContext
from listingsmith.text.languages import language_of


def inputs(size: int, phrases: list[str]) -> dict[str, str]:
    """Adversarial texts of about `size` characters."""
    near = " ".join(p[:-1] for p in phrases[:20]) or "best selle"

    def fill(unit: str) -> str:
        return (unit * (size // max(len(unit), 1) + 1))[:size]

    return {
        "a-a-a": fill("a-"),
        "a.a.a": fill("a."),
        "a@a@": fill("a@"),
        "long token": fill("a"),
        "spaces": "a" + " " * (size - 2) + "b",
        "entities": fill("&eacute;&#233;&amp;"),
        "near matches": fill(near + " "),
        "spaced letters": fill("b e s t "),
        "leet": fill("fr33 b3st "),
        "leet ones": fill("m0squ1t0s c4u1k1ng "),
        "closed compounds": fill("Reinseidene Reinwollenes "),
        "look-alikes": fill("bеst sеllеr "),
        "digits": fill("+1 555 "),
        "percentages": fill("100 % cotton "),
        "tags": fill("<a "),
        "zero-width": fill("f\u200b"),
        "cjk": fill("最佳國家級"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--limit", type=float, default=1.0, help="seconds per rule and input")
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    worst_overall = 0.0
    print(f"{'rule':48} {'worst input':16} {'seconds':>8}")
    for pack in load_packs():
        locale = next((p for p in pack.scope.locales if "*" not in p), "en-US")
        context = RuleContext(language=language_of(locale))
        for rule in pack.rules:
            phrases = rule.params.get("phrases") or []
            if isinstance(phrases, dict):
                phrases = [p for group in phrases.values() for p in group]
            worst, which = 0.0, ""
            for name, text in inputs(size, phrases).items():
                started = time.process_time()
                for _ in KINDS[rule.kind](text, rule.params, context):
                    pass
                took = time.process_time() - started
                if took > worst:
                    worst, which = took, name
            worst_overall = max(worst_overall, worst)
            print(f"{rule.id:48} {which:16} {worst:8.3f}", flush=True)
    print(f"worst: {worst_overall:.3f} s (limit {args.limit} s)")
    if worst_overall > args.limit:
        sys.exit(1)


if __name__ == "__main__":
    main()
