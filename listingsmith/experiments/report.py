"""An experiment report: per listing and overall (variants pooled by id across listings), each
variant's conversion (orders per impression) and click rate with credible intervals, and the
probability that it is best, from Beta-Binomial posteriors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from listingsmith.config import ExperimentSettings
from listingsmith.experiments.posterior import RateEstimate, estimate, probability_best
from listingsmith.experiments.runs import Experiment
from listingsmith.storage.experiments import VariantCounts

OVERALL = "overall"


@dataclass(frozen=True)
class VariantReport:
    """One variant's traffic and posteriors; audience and status when the run is known."""

    variant_id: str
    impressions: int
    clicks: int
    orders: int
    conversion: RateEstimate
    click_rate: RateEstimate
    p_best: float  # of conversion
    p_best_clicks: float
    audience: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class ExperimentReport:
    """One listing's experiment (or the overall pool), its variants by id."""

    experiment_id: str
    sku: str | None
    locale: str | None
    variants: list[VariantReport]

    def winner(self) -> VariantReport | None:
        """The variant most likely to convert best (None without variants)."""
        return max(self.variants, key=lambda v: v.p_best, default=None)


def compare(
    key: str,
    counts: list[VariantCounts],
    prior: ExperimentSettings,
    run: Experiment | None,
    audiences: dict[str, str] | None = None,
) -> list[VariantReport]:
    """The variants' reports, each compared with the others of `counts`; audience and status
    from the run's experiment, else the audience from `audiences` (variant id -> audience)."""
    best = probability_best([(c.orders, c.impressions) for c in counts], prior, key)
    best_clicks = probability_best(
        [(c.clicks, c.impressions) for c in counts], prior, key + ":clicks"
    )
    reports = []
    for c, p, p_clicks in zip(counts, best, best_clicks, strict=True):
        listing = run.variant(c.variant_id) if run else None
        tag = listing.variant if listing else None
        reports.append(
            VariantReport(
                c.variant_id,
                c.impressions,
                c.clicks,
                c.orders,
                estimate(c.orders, c.impressions, prior),
                estimate(c.clicks, c.impressions, prior),
                p,
                p_clicks,
                tag.audience if tag else (audiences or {}).get(c.variant_id),
                listing.decision.status.value if listing else None,
            )
        )
    return reports


def shared_audiences(experiments: dict[str, Experiment]) -> dict[str, str]:
    """Variant id -> audience, where every experiment gives that id the same audience."""
    seen: dict[str, set[str | None]] = defaultdict(set)
    for experiment in experiments.values():
        for listing in experiment.variants:
            if listing.variant:
                seen[listing.variant.variant_id].add(listing.variant.audience)
    return {v: next(iter(a)) for v, a in seen.items() if len(a) == 1 and None not in a}


def pooled(counts: list[VariantCounts]) -> list[VariantCounts]:
    """Counts summed per variant id across experiments."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in counts:
        total = totals[c.variant_id]
        total[:] = [total[0] + c.impressions, total[1] + c.clicks, total[2] + c.orders]
    return [VariantCounts(OVERALL, v, *t) for v, t in sorted(totals.items())]


def build_report(
    counts: list[VariantCounts],
    prior: ExperimentSettings,
    experiments: dict[str, Experiment] | None = None,
) -> tuple[list[ExperimentReport], ExperimentReport]:
    """Per experiment (sku and locale from the run when given, else as stored), and overall."""
    grouped: dict[str, list[VariantCounts]] = defaultdict(list)
    for c in counts:
        grouped[c.experiment_id].append(c)
    reports = []
    for tag, found in sorted(grouped.items()):
        run = (experiments or {}).get(tag)
        sku = run.sku if run else found[0].sku
        locale = run.locale if run else found[0].locale
        reports.append(ExperimentReport(tag, sku, locale, compare(tag, found, prior, run)))
    audiences = shared_audiences(experiments or {})
    overall = ExperimentReport(
        OVERALL, None, None, compare(OVERALL, pooled(counts), prior, None, audiences)
    )
    return reports, overall


def report_json(reports: list[ExperimentReport], overall: ExperimentReport) -> dict[str, Any]:
    """The report as JSON values (`experiment report --json`, the API)."""

    def one(report: ExperimentReport) -> dict[str, Any]:
        winner = report.winner()
        return {**asdict(report), "winner": winner.variant_id if winner else None}

    return {"experiments": [one(r) for r in reports], "overall": one(overall)}
