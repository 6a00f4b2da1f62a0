"""Attribute extraction scores in ExtractGPT's convention (wbsg-uni-mannheim/ExtractGPT,
pieutils/evaluation.py): every (record, asked name) pair is one of NN (no gold, no prediction),
NV (no gold, a prediction), VN (gold, no prediction), VC (gold, right prediction), VW (gold,
wrong prediction); precision = VC/(NV+VC+VW), recall = VC/(VN+VC+VW), F1 their harmonic mean;
micro over all pairs (ExtractGPT's headline) and macro over attributes. Gold lists are
alternative surface forms: a prediction is right when it matches any of them. Differences from
ExtractGPT: both sides are normalised (NFKC, case-folded, spaces collapsed, edge punctuation
dropped) before the exact comparison, and rates are fractions (0-1), not percentages. The
normalised scores (WDC-PAVE's normalised setting) compare canonical forms
(attributes/canonical.py: quantities in base units, spelling variants and size words folded)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from listingsmith.attributes.canonical import canonical_value
from listingsmith.attributes.vocabulary import normalize_value

OUTCOMES = ("NN", "NV", "VN", "VC", "VW")
CONVENTION = __doc__


@dataclass(frozen=True)
class Pair:
    """One asked attribute of one record: gold forms (empty when absent) and the prediction."""

    dataset: str
    record: str
    category: str | None
    name: str
    gold: tuple[str, ...]
    predicted: str | None


def exact_match(predicted: str, gold: Iterable[str]) -> bool:
    """Equal to a gold form after normalisation."""
    return normalize_value(predicted) in {normalize_value(g) for g in gold}


def relaxed_match(predicted: str, gold: Iterable[str]) -> bool:
    """The normalised prediction contains a normalised gold form or is contained in one."""
    mine = normalize_value(predicted)
    forms = [normalize_value(g) for g in gold]
    return bool(mine) and any(f and (f in mine or mine in f) for f in forms)


@lru_cache(maxsize=65536)
def _canonical(value: str) -> str:
    return canonical_value(value)


def normalized_match(predicted: str, gold: Iterable[str]) -> bool:
    """An exact match, or equal to a gold form in canonical form (units, casing, canonical
    spellings)."""
    gold = list(gold)
    return exact_match(predicted, gold) or _canonical(predicted) in {_canonical(g) for g in gold}


Matcher = Callable[[str, Iterable[str]], bool]
MATCHERS: dict[str, Matcher] = {
    "exact": exact_match,
    "relaxed": relaxed_match,
    "normalized": normalized_match,
}


def outcome(pair: Pair, matcher: Matcher) -> str:
    """NN, NV, VN, VC or VW of one pair."""
    gold = [g for g in pair.gold if normalize_value(g)]
    if not gold:
        return "NN" if pair.predicted is None else "NV"
    if pair.predicted is None:
        return "VN"
    return "VC" if matcher(pair.predicted, gold) else "VW"


def rates(counts: Counter[str]) -> dict[str, float]:
    """precision, recall, f1 (fractions) from outcome counts; 0 where undefined."""
    given = counts["NV"] + counts["VC"] + counts["VW"]
    expected = counts["VN"] + counts["VC"] + counts["VW"]
    precision = counts["VC"] / given if given else 0.0
    recall = counts["VC"] / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def group_scores(pairs: list[Pair]) -> dict[str, Any]:
    """Exact rates at the top level, relaxed and normalised rates under their names, and the
    counts of each."""
    exact = Counter(outcome(p, exact_match) for p in pairs)
    relaxed = Counter(outcome(p, relaxed_match) for p in pairs)
    normalized = Counter(outcome(p, normalized_match) for p in pairs)
    return {
        **rates(exact),
        "relaxed": rates(relaxed),
        "normalized": rates(normalized),
        "counts": {k: exact[k] for k in OUTCOMES},
        "relaxed_counts": {k: relaxed[k] for k in OUTCOMES},
        "normalized_counts": {k: normalized[k] for k in OUTCOMES},
        "pairs": len(pairs),
    }


def _macro(groups: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Mean of the groups' rates, skipping groups with nothing but NN (as ExtractGPT does)."""
    scored = [g for g in groups.values() if g["pairs"] > g["counts"]["NN"]]
    return {
        key: round(sum(g[key] for g in scored) / len(scored), 4) if scored else 0.0
        for key in ("precision", "recall", "f1")
    }


def attribute_key(pair: Pair) -> str:
    """The per-attribute group of a pair: dataset and attribute name."""
    return f"{pair.dataset}:{pair.name}"


def score(pairs: list[Pair]) -> dict[str, Any]:
    """Overall (micro) scores, then per dataset and per attribute, each exact and relaxed."""
    by_dataset: dict[str, list[Pair]] = {}
    by_attribute: dict[str, list[Pair]] = {}
    for pair in pairs:
        by_dataset.setdefault(pair.dataset, []).append(pair)
        by_attribute.setdefault(attribute_key(pair), []).append(pair)
    per_attribute = {key: group_scores(part) for key, part in sorted(by_attribute.items())}
    per_dataset = {}
    for name, part in sorted(by_dataset.items()):
        attributes = {k: v for k, v in per_attribute.items() if k.startswith(f"{name}:")}
        per_dataset[name] = {**group_scores(part), "macro": _macro(attributes)}
    return {
        **group_scores(pairs),
        "macro": _macro(per_attribute),
        "per_dataset": per_dataset,
        "per_attribute": per_attribute,
    }


RELIABILITY_BINS = 10


def reliability(scored: list[tuple[float, bool]], bins: int = RELIABILITY_BINS) -> dict[str, Any]:
    """A reliability curve of (confidence, right) values: per equal-width confidence bin its
    count, mean confidence and share right; and the expected calibration error (the mean gap,
    weighted by count)."""
    rows = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        inside = [(c, r) for c, r in scored if low <= c < high or (index == bins - 1 and c == 1)]
        if inside:
            confidence = sum(c for c, _ in inside) / len(inside)
            right = sum(r for _, r in inside) / len(inside)
            rows.append(
                {
                    "bin": [low, high],
                    "values": len(inside),
                    "confidence": round(confidence, 4),
                    "right": round(right, 4),
                }
            )
    gap = sum(r["values"] * abs(r["confidence"] - r["right"]) for r in rows)
    return {
        "bins": rows,
        "ece": round(gap / len(scored), 4) if scored else 0.0,
        "values": len(scored),
    }
