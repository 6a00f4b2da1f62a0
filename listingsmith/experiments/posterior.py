"""Beta-Binomial posteriors of a rate (orders or clicks per impression): the posterior mean, an
equal-tailed credible interval (scipy.stats.beta quantiles) and, across variants, each one's
probability of having the highest rate (seeded Monte Carlo draws with numpy's Generator)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from scipy.stats import beta

from listingsmith.config import ExperimentSettings


@dataclass(frozen=True)
class RateEstimate:
    """A rate's posterior: successes of trials, mean and credible interval."""

    successes: int
    trials: int
    mean: float
    low: float
    high: float


def posterior(successes: int, trials: int, prior: ExperimentSettings) -> tuple[float, float]:
    """The Beta(a, b) posterior of a rate after `successes` of `trials`."""
    return prior.prior_alpha + successes, prior.prior_beta + trials - successes


def estimate(successes: int, trials: int, prior: ExperimentSettings) -> RateEstimate:
    """The posterior mean and equal-tailed credible interval (prior.credible_level)."""
    a, b = posterior(successes, trials, prior)
    tail = (1 - prior.credible_level) / 2
    low, high = beta.ppf([tail, 1 - tail], a, b)
    return RateEstimate(successes, trials, a / (a + b), float(low), float(high))


def draw_seed(prior: ExperimentSettings, key: str) -> list[int]:
    """The Monte Carlo seed of one comparison: the configured seed and the compared thing's
    name, so a report does not depend on the order experiments are read in."""
    return [prior.best_seed, int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], 16)]


def probability_best(
    counts: list[tuple[int, int]], prior: ExperimentSettings, key: str
) -> list[float]:
    """For each (successes, trials), the posterior probability that its rate is the highest,
    from prior.best_draws joint draws (they sum to 1); one variant alone is best for sure."""
    if len(counts) < 2:
        return [1.0] * len(counts)
    rng = np.random.default_rng(draw_seed(prior, key))
    draws = np.stack([rng.beta(*posterior(s, n, prior), size=prior.best_draws) for s, n in counts])
    wins = np.bincount(draws.argmax(axis=0), minlength=len(counts))
    return [float(w) / prior.best_draws for w in wins]
