"""One batch job: products -> graph (SQLite checkpoints) -> listings.jsonl + run.json."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from listingsmith.audit.backends import open_audit_log, without_password
from listingsmith.audit.log import AuditLog
from listingsmith.audit.postgres import PostgresAuditLog
from listingsmith.audit.signing import load_or_create_signer
from listingsmith.batch.catalog import RecordError
from listingsmith.batch.existing import ExistingListings
from listingsmith.batch.outputs import (
    RunTally,
    in_catalogue_order,
    write_outcome,
    write_run_json,
)
from listingsmith.batch.runner import (
    Keep,
    LiveDrafts,
    ProductOutcome,
    RunObserver,
    SilentObserver,
    never_kept,
    never_stopped,
    nothing_live,
    run_batch,
)
from listingsmith.batch.seller import SellerProfile, with_profile
from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.prompts.framing import Framing
from listingsmith.serving.client import ModelClient
from listingsmith.storage.checkpoints import open_checkpoints
from listingsmith.storage.memory import TranslationMemory, memory_beside

RUN_SKU = "*"  # the sku recorded on run-level audit events


def audit_path(db_path: Path) -> Path:
    """The audit log beside the checkpoint file."""
    return db_path.parent / "audit.sqlite"


def audit_location(db_path: Path, settings: Settings) -> str | Path:
    """The run's audit log: in the database when one is set, else beside the checkpoints."""
    return settings.database or audit_path(db_path)


def signed_audit(db_path: Path, settings: Settings) -> AuditLog | PostgresAuditLog:
    """The run's audit log, its head signed every audit_anchor_every events."""
    signer = load_or_create_signer(settings.signing_key_path)
    return open_audit_log(audit_location(db_path, settings), signer, settings.audit_anchor_every)


def append_job_event(
    folder: Path, settings: Settings, job_id: str, node: str, payload: Any
) -> None:
    """Record one job-level event (sku RUN_SKU) in the job's audit log (`folder`: the job's;
    the database's log when one is set)."""
    audit = signed_audit(folder / "state.sqlite", settings)
    try:
        audit.append(job_id, RUN_SKU, node, payload)
    finally:
        audit.close()


@dataclass(frozen=True)
class JobSpec:
    """What one batch job runs: the products (and the bad records found reading them), the
    locales, where its outputs and checkpoints go, its run id, and the seller profile that
    supplies what the records do not state."""

    products: list[Product]
    locales: list[str]
    out_dir: Path
    run_id: str
    bad_records: list[RecordError] = field(default_factory=list)
    db_path: Path | None = None  # default: OUT_DIR/state.sqlite
    # The rest by name only (`run --seller` once passed its profile positionally, as the tenant).
    _: KW_ONLY
    # Who owns the run (a service job's tenant; None: each product's seller) and its memory
    # (None: settings.memory_path, else memory.sqlite beside the checkpoints).
    tenant: str | None = None
    memory: TranslationMemory | None = None
    seller: SellerProfile | None = None
    # An earlier run's listings: products whose source is unchanged are kept, not redone.
    existing: ExistingListings | None = None
    # Improve live listings (the earlier run's, and the catalogue's own text in its source
    # locale): each is checked first and only its failing fields are rewritten.
    improve: bool = False
    # The variants of every listing (`--audiences`, `--variants`); none: one per locale.
    framings: tuple[Framing, ...] = ()
    # Asked before each product starts: True once the job was cancelled (no product starts).
    stopped: Callable[[], bool] = never_stopped

    @property
    def checkpoints(self) -> Path:
        """The checkpoint SQLite file."""
        return self.db_path or self.out_dir / "state.sqlite"

    def plan(self, settings: Settings) -> tuple[Keep, Callable[[Product], LiveDrafts]]:
        """What the run keeps from an earlier one (what today's packs still pass) and which
        live listings it improves: an improving run keeps nothing and improves every live
        listing."""
        if self.improve:
            return never_kept, (self.existing or ExistingListings()).live
        if self.existing is None:
            return never_kept, nothing_live
        return partial(self.existing.kept_today, settings=settings), nothing_live

    def products_to_run(self) -> list[Product]:
        """The products with the seller profile's values where a record does not state them."""
        return [with_profile(product, self.seller) for product in self.products]


def _usage(client: ModelClient, wall: float) -> dict[str, Any]:
    """The client's model calls, tokens and seconds per task over the run's wall time."""
    usage = client.usage
    return {
        "calls": usage.calls,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "completion_tokens_per_s": round(usage.completion_tokens / wall, 2) if wall else 0.0,
        "seconds_by_task": {k: round(v, 2) for k, v in usage.by_task.items()},
    }


def _run_settings(settings: Settings) -> dict[str, Any]:
    """The settings that shape a run's outcome, as run.json reports them."""
    return {
        "max_attempts": settings.max_attempts,
        "max_model_concurrency": settings.max_model_concurrency,
        "max_product_concurrency": settings.product_concurrency,
        "draft_sampling": settings.draft_sampling.model_dump(),
        "localize_sampling": settings.localize_sampling.model_dump(),
    }


def _start_event(
    spec: JobSpec, settings: Settings, client: ModelClient, audit: AuditLog | PostgresAuditLog
) -> dict[str, Any]:
    """What the run.start audit event records: the job, the model, the settings, the key."""
    return {
        "locales": spec.locales,
        "variants": [framing.model_dump() for framing in spec.framings],
        "model_id": client.model_id,
        "products": len(spec.products),
        "bad_records": [str(e) for e in spec.bad_records],
        "seller_profile": spec.seller.fingerprint() if spec.seller else None,
        "settings": settings.without_secrets(),
        "audit_key": audit.signer.fingerprint if audit.signer else None,
    }


async def run_job(
    spec: JobSpec,
    settings: Settings,
    client: ModelClient,
    *,
    observer: RunObserver | None = None,
    extra: dict[str, Any] | None = None,
    collected: list[ProductOutcome] | None = None,
) -> dict[str, Any]:
    """Run the batch and write OUT_DIR/listings.jsonl and OUT_DIR/run.json; returns run.json's
    body. Every product's outcome is also appended to `collected` when given (evaluations)."""
    run_id, db_path = spec.run_id, spec.checkpoints
    if ":" in run_id:  # the first ":" of a thread id ends the run id; a sku may hold any
        raise ValueError(f"run id {run_id!r}: ':' is not allowed in a run id")
    spec.out_dir.mkdir(parents=True, exist_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    audit = signed_audit(db_path, settings)
    audit.append(run_id, RUN_SKU, "run.start", _start_event(spec, settings, client, audit))
    tally = RunTally()
    started = time.perf_counter()
    async with open_checkpoints(db_path, settings.database) as saver:
        graph = build_graph().compile(checkpointer=saver)
        products = spec.products_to_run()
        by_sku = {product.sku: product for product in products}
        with (spec.out_dir / "listings.jsonl").open("w", encoding="utf-8") as handle:

            def sink(outcome: ProductOutcome) -> None:
                write_outcome(handle, outcome, by_sku.get(outcome.sku))
                tally.add(outcome)
                if collected is not None:
                    collected.append(outcome)

            memory = spec.memory or memory_beside(db_path.parent, settings)
            deps = Deps(settings, client, audit, memory, spec.tenant)
            watch = observer or SilentObserver()
            keep, live = spec.plan(settings)
            await run_batch(
                graph,
                products,
                spec.locales,
                run_id,
                deps,
                watch,
                sink,
                keep,
                live,
                spec.framings,
                spec.stopped,
            )
        in_catalogue_order(spec.out_dir / "listings.jsonl", [product.sku for product in products])
    wall = time.perf_counter() - started
    end = audit.append(run_id, RUN_SKU, "run.end", {"wall_seconds": round(wall, 2)})
    anchor = audit.anchor()
    audit.close()
    report = {
        "run_id": run_id,
        "locales": spec.locales,
        "model": client.model_id,
        "db": str(db_path),
        # The chain's head and its signed anchor: kept elsewhere, they prove later that nothing
        # before it changed and that no anchor was deleted.
        "audit": {
            "path": without_password(audit_location(db_path, settings)),
            "head": end.hash,
            "events": end.seq,
            "anchor": anchor.as_dict() if anchor else None,
        },
        "wall_seconds": round(wall, 2),
        "variants": [framing.model_dump() for framing in spec.framings],
        "model_usage": _usage(client, wall),
        "settings": _run_settings(settings),
        **(extra or {}),
    }
    return write_run_json(spec.out_dir / "run.json", report, tally, spec.bad_records)
