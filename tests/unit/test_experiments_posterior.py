"""Beta-Binomial posteriors: intervals against known Beta quantiles, P(best) that sums to 1,
picks the clear winner, splits a tie, and repeats with its seed; reports per listing and
overall."""

import math

import pytest

from listingsmith.config import ExperimentSettings
from listingsmith.experiments.posterior import estimate, posterior, probability_best
from listingsmith.experiments.report import OVERALL, build_report, report_json
from listingsmith.storage.experiments import VariantCounts

PRIOR = ExperimentSettings()


def test_posterior_adds_successes_and_failures_to_the_uniform_prior() -> None:
    assert posterior(3, 10, PRIOR) == (4.0, 8.0)


def test_no_data_gives_the_uniform_prior_and_its_central_95_percent() -> None:
    rate = estimate(0, 0, PRIOR)
    assert rate.mean == pytest.approx(0.5)
    assert (rate.low, rate.high) == pytest.approx((0.025, 0.975))


def test_zero_successes_interval_matches_the_closed_form() -> None:
    # Beta(1, n + 1): the quantile q is 1 - (1 - q)^(1 / (n + 1)).
    rate = estimate(0, 99, PRIOR)
    assert rate.low == pytest.approx(1 - 0.975 ** (1 / 100))
    assert rate.high == pytest.approx(1 - 0.025 ** (1 / 100))
    assert rate.mean == pytest.approx(1 / 101)


def binomial_tail(n: int, k: int, p: float) -> float:
    """P(Binomial(n, p) >= k), summed exactly."""
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))


def test_interval_ends_are_the_beta_quantiles_by_the_binomial_identity() -> None:
    # 10 of 100 with Beta(1,1) is Beta(11, 91), whose CDF at x is P(Binomial(101, x) >= 11):
    # 2.5 % of the mass lies below the interval and 2.5 % above it.
    rate = estimate(10, 100, PRIOR)
    assert binomial_tail(101, 11, rate.low) == pytest.approx(0.025, abs=1e-9)
    assert binomial_tail(101, 11, rate.high) == pytest.approx(0.975, abs=1e-9)
    assert rate.mean == pytest.approx(11 / 102)


def test_the_level_is_configurable() -> None:
    wide = estimate(10, 100, PRIOR)
    narrow = estimate(10, 100, ExperimentSettings(credible_level=0.5))
    assert wide.low < narrow.low < narrow.high < wide.high


def test_p_best_sums_to_one_and_picks_the_clear_winner() -> None:
    best = probability_best([(10, 1000), (60, 1000), (12, 1000)], PRIOR, "exp")
    assert sum(best) == pytest.approx(1.0)
    assert best[1] > 0.999


def test_p_best_splits_equal_evidence_about_evenly() -> None:
    best = probability_best([(50, 1000), (50, 1000)], PRIOR, "tie")
    assert best[0] == pytest.approx(0.5, abs=0.02)


def test_p_best_repeats_with_its_seed_and_changes_with_another() -> None:
    counts = [(20, 1000), (25, 1000)]
    first = probability_best(counts, PRIOR, "exp")
    assert probability_best(counts, PRIOR, "exp") == first
    assert probability_best(counts, ExperimentSettings(best_seed=1), "exp") != first


def test_one_variant_alone_is_best_for_sure() -> None:
    assert probability_best([(1, 10)], PRIOR, "solo") == [1.0]


def test_report_per_listing_and_overall_pooled_by_variant() -> None:
    counts = [
        VariantCounts("exp-1", "A", 1000, 50, 5, "S1", "en-US"),
        VariantCounts("exp-1", "B", 1000, 80, 30, "S1", "en-US"),
        VariantCounts("exp-2", "A", 500, 20, 2),
        VariantCounts("exp-2", "B", 500, 40, 15),
    ]
    reports, overall = build_report(counts, PRIOR)
    assert [r.experiment_id for r in reports] == ["exp-1", "exp-2"]
    assert (reports[0].sku, reports[0].locale) == ("S1", "en-US")
    assert reports[0].winner().variant_id == "B"
    assert overall.experiment_id == OVERALL
    pooled = {v.variant_id: (v.impressions, v.clicks, v.orders) for v in overall.variants}
    assert pooled == {"A": (1500, 70, 7), "B": (1500, 120, 45)}
    body = report_json(reports, overall)
    assert body["overall"]["winner"] == "B"
    assert body["experiments"][1]["variants"][0]["conversion"]["trials"] == 500
