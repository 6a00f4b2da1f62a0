"""The experiments of a finished run: its listings.jsonl lines that carry a variant, grouped by
experiment (one per sku x locale)."""

from __future__ import annotations

from dataclasses import dataclass

from listingsmith.channels.run_outputs import RunOutputs
from listingsmith.domain import Listing


@dataclass(frozen=True)
class Experiment:
    """One listing's variants, in file order."""

    experiment_id: str
    sku: str
    locale: str
    variants: list[Listing]

    def variant(self, variant_id: str) -> Listing | None:
        """The variant of this id, if the run wrote one."""
        return next(
            (v for v in self.variants if v.variant and v.variant.variant_id == variant_id), None
        )


def run_experiments(outputs: RunOutputs) -> dict[str, Experiment]:
    """Every experiment of the run by id."""
    found: dict[str, Experiment] = {}
    for item in outputs.listings:
        listing = item.listing
        if listing.variant is None:
            continue
        tag = listing.variant.experiment_id
        experiment = found.setdefault(tag, Experiment(tag, listing.sku, listing.locale, []))
        experiment.variants.append(listing)
    return found


def known_variants(experiments: dict[str, Experiment]) -> dict[str, set[str]]:
    """Experiment id -> its variant ids (what a results file may name)."""
    return {
        tag: {v.variant.variant_id for v in e.variants if v.variant}
        for tag, e in experiments.items()
    }
