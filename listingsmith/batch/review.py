"""Held listings in a run's checkpoints (its SQLite file, or the database), and a reviewer's
decision that resumes one: checked whole before anything resumes, one decision per held
listing, the run's outputs updated after it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, StateSnapshot
from pydantic import ValidationError

from listingsmith.audit.backends import without_password
from listingsmith.batch.claims import ClaimTaken, ReviewClaims, claim_decision
from listingsmith.batch.job import signed_audit
from listingsmith.batch.outputs import rewrite_listing
from listingsmith.batch.runner import collect, pending_interrupts
from listingsmith.config import Settings
from listingsmith.domain import Draft, Listing, Product, Status
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.nodes.human_review import ReviewDecision, decision_problem
from listingsmith.serving.connect import connect
from listingsmith.state import pivot_of, product_of, results_of
from listingsmith.storage.checkpoints import open_checkpoints, thread_ids
from listingsmith.storage.memory import TranslationMemory, memory_beside
from listingsmith.storage.shared import store_location


class ReviewError(ValueError):
    """The decision cannot be applied (no such held listing, ambiguous, or incomplete)."""


class ReviewConflict(ReviewError):
    """Another decision came first: at the same time, or since the listing was read."""


@dataclass(frozen=True)
class HeldItem:
    """A listing waiting for a reviewer: an interrupted thread, with its run and sku as the
    thread's state holds them (never parsed from the thread id)."""

    thread_id: str
    run_id: str
    sku: str
    locale: str
    interrupt_id: str
    payload: dict[str, Any]
    product: Product
    pivot: Draft | None = None  # the pivot draft the locale was translated from

    @property
    def variant_id(self) -> str | None:
        """The variant this held listing is (`run --audiences/--variants`), else None."""
        return (self.payload.get("variant") or {}).get("variant_id")


def review_decision(**fields: Any) -> ReviewDecision:
    """A complete decision from action, reviewer, reason and listing, or ReviewError saying in
    one line what is missing or wrong."""
    try:
        return ReviewDecision.model_validate(fields)
    except ValidationError as error:
        raise ReviewError(f"decision refused: {decision_problem(error)}") from error


async def _snapshots(
    graph: CompiledStateGraph, saver: Any, run_id: str | None
) -> AsyncIterator[tuple[str, StateSnapshot]]:
    """Each thread's state (of run `run_id`'s threads only, when given: a database holds every
    run's; the prefix only skips the others, the state's own run id decides)."""
    prefixes = (f"{run_id}:", f"{run_id}/")
    for thread in await thread_ids(saver):
        if run_id is not None and not thread.startswith(prefixes):
            continue
        snapshot = await graph.aget_state({"configurable": {"thread_id": thread}})
        if run_id in (None, (snapshot.values or {}).get("run_id")):
            yield thread, snapshot


def _held_in(thread: str, snapshot: StateSnapshot) -> list[HeldItem]:
    values = snapshot.values
    return [
        HeldItem(
            thread,
            values["run_id"],
            pending.value["sku"],
            pending.value["locale"],
            pending.id,
            pending.value,
            product_of(values),
            pivot_of(values) if values.get("draft") else None,
        )
        for pending in pending_interrupts(snapshot)
    ]


async def held_items(
    db_path: Path, settings: Settings, run_id: str | None = None
) -> list[HeldItem]:
    """Every held listing (of run `run_id`, when given) in the checkpoints: the file
    `db_path`, or the database when settings name one."""
    async with open_checkpoints(db_path, settings.database) as saver:
        graph = build_graph().compile(checkpointer=saver)
        return [
            item
            async for thread, snapshot in _snapshots(graph, saver, run_id)
            for item in _held_in(thread, snapshot)
        ]


async def thread_held(db_path: Path, settings: Settings, thread_id: str) -> list[HeldItem]:
    """The held listings of one thread (one product, or one variant of it): read alone, not
    the run's every thread."""
    async with open_checkpoints(db_path, settings.database) as saver:
        graph = build_graph().compile(checkpointer=saver)
        snapshot = await graph.aget_state({"configurable": {"thread_id": thread_id}})
        return _held_in(thread_id, snapshot) if snapshot.values else []


async def _the_held(
    graph: CompiledStateGraph,
    saver: Any,
    where: str,
    sku: str,
    locale: str,
    run_id: str | None,
    variant: str | None = None,
) -> HeldItem:
    """The one held listing of (sku, locale) (and `variant`, in a run with variants);
    ReviewConflict when a reviewer decided it already, ReviewError when there is none or
    several."""
    matches: list[HeldItem] = []
    decided: list[Listing] = []
    async for thread, snapshot in _snapshots(graph, saver, run_id):
        values = snapshot.values or {}
        if (values.get("product") or {}).get("sku") != sku:
            continue
        if variant not in (None, (values.get("framing") or {}).get("variant_id")):
            continue
        held = [item for item in _held_in(thread, snapshot) if item.locale == locale]
        matches += held
        result = results_of(values).get(locale)
        if not held and result is not None:
            decided.append(result)
    variants = sorted({item.variant_id or "" for item in matches})
    if len(matches) > 1 and len(variants) > 1:
        raise ReviewError(
            f"sku {sku!r} {locale} is held in several variants ({', '.join(variants)}): "
            "give the variant"
        )
    if len(matches) > 1:
        runs = ", ".join(sorted(item.run_id for item in matches))
        raise ReviewError(f"sku {sku!r} {locale} is held in several runs ({runs}): give --run-id")
    if matches:
        return matches[0]
    missing = f"no held listing for sku {sku!r} in {locale} in {where}"
    by = [d.decision for d in decided if d.decision.reviewer]
    if by:
        raise ReviewConflict(f"{missing}: {by[0].status.value} by {by[0].reviewer} already")
    raise ReviewError(missing)


@dataclass(frozen=True)
class Owner:
    """Whose run a decision resumes: its tenant (a service job's; None: the product's seller)
    and the memory its reviewed translations go to (None: the run's, beside its checkpoints)."""

    tenant: str | None = None
    memory: TranslationMemory | None = None


async def _resume(
    graph: CompiledStateGraph,
    item: HeldItem,
    decision: ReviewDecision,
    db_path: Path,
    settings: Settings,
    owner: Owner,
) -> None:
    audit = signed_audit(db_path, settings)
    memory = owner.memory or memory_beside(db_path.parent, settings)
    # A decision never calls the model: approve and reject finalize, an edit is only re-checked.
    try:
        with connect(settings, calls_model=False) as client:
            await graph.ainvoke(
                Command(resume={item.interrupt_id: decision.model_dump(mode="json")}),
                {"configurable": {"thread_id": item.thread_id}},
                context=Deps(settings, client, audit, memory, owner.tenant),
            )
        audit.anchor()  # the decision is signed at once, not at the next run's end
    finally:
        audit.close()


async def decide(
    db_path: Path,
    sku: str,
    locale: str,
    decision: ReviewDecision,
    settings: Settings,
    run_id: str | None = None,
    seen: str | None = None,
    out_dir: Path | None = None,
    owner: Owner | None = None,
    variant: str | None = None,
) -> Listing | HeldItem:
    """Resume the held thread of (sku, locale) with a decision; returns the final listing, or
    the item held again (an edit that still fails its checks). `seen` is the interrupt id the
    reviewer read: ReviewConflict when the listing has moved on since, or when another decision
    is in flight. Afterwards the run's listings.jsonl and run.json in `out_dir` (default: beside
    the checkpoints) say what the reviewer decided; `owner` says whose memory learns from it.
    `variant` picks one of a listing's variants (required when several are held)."""
    decision = review_decision(**decision.model_dump(mode="json"))
    claims = ReviewClaims(db_path, settings)
    where = without_password(store_location(db_path, settings.database))
    async with open_checkpoints(db_path, settings.database) as saver:
        graph = build_graph().compile(checkpointer=saver)
        item = await _the_held(graph, saver, where, sku, locale, run_id, variant)
        if seen is not None and seen != item.interrupt_id:
            raise ReviewConflict(f"{sku} {locale} changed since it was read: read it again")
        try:
            with claim_decision(
                claims,
                item.thread_id,
                item.interrupt_id,
                decision.reviewer,
                decision.action,
                settings.review_claim_seconds,
            ):
                await _resume(graph, item, decision, db_path, settings, owner or Owner())
        except ClaimTaken as taken:
            raise ReviewConflict(
                f"{sku} {locale} is being decided already ({taken.by}): read it again"
            ) from taken
        snapshot = await graph.aget_state({"configurable": {"thread_id": item.thread_id}})
    (listing,) = collect(item.sku, [locale], snapshot, None)
    with claims.exclusive():  # one rewrite at a time, across processes
        rewrite_listing(out_dir or db_path.parent, item.run_id, listing)
    if listing.decision.status is Status.HELD:
        return next(i for i in _held_in(item.thread_id, snapshot) if i.locale == locale)
    return listing
