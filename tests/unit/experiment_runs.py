"""A finished run with variants written by hand (no model): each (sku, locale) an experiment
with variants A, B, C (audiences gift, pro, budget), the ids as a run gives them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from listingsmith.domain import Listing, Status, VariantTag
from tests.unit.channel_runs import listing, write_run

RUN_ID = "test-run"
AUDIENCES = {"A": "gift", "B": "pro", "C": "budget"}


def experiment_id(sku: str, locale: str, run_id: str = RUN_ID) -> str:
    """The experiment id of a run's sku x locale (issue 18's contract)."""
    return "exp-" + hashlib.sha256(f"{run_id}|{sku}|{locale}".encode()).hexdigest()[:12]


def variant(sku: str, locale: str, variant_id: str, status: Status = Status.APPROVED) -> Listing:
    """One variant of a listing, its text naming the variant."""
    item = listing(sku, locale, f"Steel bottle {sku} for {AUDIENCES[variant_id]}", status=status)
    tag = VariantTag(
        experiment_id=experiment_id(sku, locale),
        variant_id=variant_id,
        audience=AUDIENCES[variant_id],
    )
    return item.model_copy(update={"variant": tag})


def write_variant_run(
    out: Path,
    skus: tuple[str, ...] = ("BOT-1", "BOT-2"),
    locales: tuple[str, ...] = ("en-US", "de-DE"),
    held: tuple[tuple[str, str, str], ...] = (("BOT-2", "de-DE", "C"),),
) -> Path:
    """OUT as a run with variants A-C of every sku x locale; the `held` (sku, locale, variant)
    are held for a reviewer; plus one ordinary listing (sku PLAIN) per locale."""
    items = [
        variant(sku, locale, v, Status.HELD if (sku, locale, v) in held else Status.APPROVED)
        for sku in skus
        for locale in locales
        for v in AUDIENCES
    ]
    items += [listing("PLAIN", locale, "Plain mug") for locale in locales]
    return write_run(out, items, list(locales))
