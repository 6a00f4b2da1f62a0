"""Simulated traffic for a run's experiments, regenerable from a seed (numpy's Generator): the
model's parameters are data (simulation.yaml). The file has the results columns, then the
listing and the true rates drawn, which `experiment ingest` ignores. A person opens it in a
spreadsheet: its text cells (a seller's sku, a variant's id) are written as text, never as a
formula (text/cells.py), and ingest reads them back as they were."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

from listingsmith.batch.shipped import SHIPPED
from listingsmith.experiments.results_file import HEADER
from listingsmith.experiments.runs import Experiment
from listingsmith.lexicons import load_data
from listingsmith.text.cells import spreadsheet_text

TRUTH = ("sku", "locale", "true_click_rate", "true_conversion")


@dataclass(frozen=True)
class SimulatedVariant:
    """One variant's drawn traffic and the true rates it was drawn from."""

    experiment_id: str
    variant_id: str
    sku: str
    locale: str
    impressions: int
    clicks: int
    orders: int
    true_click_rate: float
    true_conversion: float


def simulate(experiments: dict[str, Experiment], seed: int) -> list[SimulatedVariant]:
    """Traffic for every shipped variant, experiments in id order, variants in file order."""
    model = load_data(__package__, "simulation.yaml")
    rng = np.random.default_rng(seed)
    found = []
    for tag in sorted(experiments):
        experiment = experiments[tag]
        for listing in experiment.variants:
            if listing.variant is None or listing.decision.status not in SHIPPED:
                continue
            click_rate = float(rng.beta(model["click_rate"]["alpha"], model["click_rate"]["beta"]))
            order_rate = float(rng.beta(model["order_rate"]["alpha"], model["order_rate"]["beta"]))
            impressions = int(rng.poisson(model["impressions_mean"]))
            clicks = int(rng.binomial(impressions, click_rate))
            orders = int(rng.binomial(clicks, order_rate))
            found.append(
                SimulatedVariant(
                    tag,
                    listing.variant.variant_id,
                    experiment.sku,
                    experiment.locale,
                    impressions,
                    clicks,
                    orders,
                    round(click_rate, 6),
                    round(click_rate * order_rate, 6),
                )
            )
    return found


def simulated_csv(variants: list[SimulatedVariant]) -> str:
    """The results file's text: the results columns, then the listing and the true rates."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER, *TRUTH])
    for v in variants:
        cells = [getattr(v, name) for name in (*HEADER, *TRUTH)]
        writer.writerow([spreadsheet_text(c) if isinstance(c, str) else c for c in cells])
    return out.getvalue()
