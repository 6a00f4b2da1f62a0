"""Promote a variant: it becomes the listing of its sku x locale in the run's listings.jsonl
(the experiment's other variants go), and an audit event records the experiment, the variant,
its posterior numbers and who promoted it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from listingsmith.audit.log import AuditLog, content_hash
from listingsmith.batch.claims import ReviewClaims
from listingsmith.batch.job import signed_audit
from listingsmith.batch.outputs import rewrite_listing
from listingsmith.batch.shipped import SHIPPED
from listingsmith.channels.run_outputs import read_run
from listingsmith.config import ExperimentSettings, Settings
from listingsmith.domain import Listing
from listingsmith.experiments.report import VariantReport, compare
from listingsmith.experiments.runs import Experiment, run_experiments
from listingsmith.storage.experiments import ResultsStore, results_beside

AUDIT_NODE = "experiment.promote"


class PromoteError(ValueError):
    """The promotion cannot be made (no such experiment or variant, not shipped, no results)."""


@dataclass(frozen=True)
class Promotion:
    """What was promoted: the listing now in place, and the variant's numbers (None when it
    had no results)."""

    experiment: Experiment
    listing: Listing
    variant_id: str
    numbers: VariantReport | None
    by: str


def _chosen(experiment: Experiment, variant_id: str | None, numbers: list[VariantReport]) -> str:
    """The named variant, or the one most likely to convert best."""
    if variant_id is not None:
        return variant_id
    if not numbers:
        raise PromoteError(
            f"{experiment.experiment_id} has no results: ingest them or name the variant"
        )
    return max(numbers, key=lambda v: v.p_best).variant_id


def plan_promotion(
    run_dir: Path,
    experiment_id: str,
    variant_id: str | None,
    store: ResultsStore,
    prior: ExperimentSettings,
    by: str,
) -> Promotion:
    """Which listing takes the experiment's place; PromoteError saying in one line why none."""
    if not by.strip():
        raise PromoteError("a promotion needs the name of who promotes it")
    experiment = run_experiments(read_run(run_dir)).get(experiment_id)
    if experiment is None:
        raise PromoteError(f"no experiment {experiment_id} in {run_dir}")
    shipped = {
        v.variant.variant_id
        for v in experiment.variants
        if v.variant and v.decision.status in SHIPPED
    }
    counts = [c for c in store.counts({experiment_id}) if c.variant_id in shipped]
    numbers = compare(experiment_id, counts, prior, experiment) if counts else []
    chosen = _chosen(experiment, variant_id, numbers)
    listing = experiment.variant(chosen)
    if listing is None:
        names = ", ".join(v.variant.variant_id for v in experiment.variants if v.variant)
        raise PromoteError(f"{experiment_id} has no variant {chosen!r} (it has {names})")
    if listing.decision.status not in SHIPPED or listing.listing is None:
        raise PromoteError(
            f"variant {chosen} of {experiment_id} was not shipped "
            f"(status {listing.decision.status.value}): only a shipped variant can be promoted"
        )
    found = next((n for n in numbers if n.variant_id == chosen), None)
    return Promotion(experiment, listing.model_copy(update={"variant": None}), chosen, found, by)


def audit_payload(promotion: Promotion) -> dict[str, Any]:
    """The audit event's payload: experiment, variant, audience, numbers, text hash, and who
    (`reviewer`, as a review decision names its decider)."""
    tagged = promotion.experiment.variant(promotion.variant_id)
    return {
        "action": "promote",
        "experiment_id": promotion.experiment.experiment_id,
        "variant_id": promotion.variant_id,
        "audience": tagged.variant.audience if tagged and tagged.variant else None,
        "posterior": asdict(promotion.numbers) if promotion.numbers else None,
        "listing_hash": content_hash(
            promotion.listing.listing.model_dump() if promotion.listing.listing else None
        ),
        "reviewer": promotion.by,
    }


def apply_promotion(run_dir: Path, run_id: str, promotion: Promotion, audit: AuditLog) -> None:
    """Rewrite the run's outputs with the promoted listing and record it in `audit`."""
    if not rewrite_listing(run_dir, run_id, promotion.listing):
        raise PromoteError(f"{run_dir} holds no outputs of run {run_id}")
    audit.append(
        run_id,
        promotion.listing.sku,
        AUDIT_NODE,
        audit_payload(promotion),
        promotion.listing.locale,
    )


def promote(
    run_dir: Path,
    experiment_id: str,
    variant_id: str | None,
    by: str,
    settings: Settings,
    db_path: Path | None = None,
) -> Promotion:
    """Promote a variant of RUN_DIR's experiment (the winner when none is named): the run's
    outputs follow, and the run's audit log (beside its checkpoints, run.json's db unless
    `db_path` names them) records it, signed at once."""
    outputs = read_run(run_dir)
    db = db_path or Path(outputs.run.get("db") or run_dir / "state.sqlite")
    store = ResultsStore(results_beside(run_dir, settings))
    audit = signed_audit(db, settings)
    try:
        # One rewrite of the run's outputs at a time, across processes.
        with ReviewClaims(db, settings).exclusive():
            promotion = plan_promotion(
                run_dir, experiment_id, variant_id, store, settings.experiments, by
            )
            apply_promotion(run_dir, outputs.run["run_id"], promotion, audit)
        audit.anchor()
    finally:
        audit.close()
    return promotion
