"""Run products through the compiled graph with bounded concurrency, resuming from checkpoints."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple, Protocol

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from listingsmith.batch.digest import source_digest
from listingsmith.config import Settings, described
from listingsmith.domain import Attribute, Draft, Listing, ListingRecord, Product, Status
from listingsmith.graph.routing import fan_out_locales
from listingsmith.nodes.deps import Deps
from listingsmith.nodes.human_review import held_listing
from listingsmith.prompts.framing import Framing, variant_tag
from listingsmith.state import (
    ProductInput,
    attributes_of,
    category_id_of,
    pivot_of,
    results_of,
)


class RunObserver(Protocol):
    """Receives progress events (the CLI draws bars from them)."""

    def product_started(self, sku: str, locales: list[str]) -> None: ...

    def locale_done(self, sku: str, locale: str, status: str) -> None: ...


# How a run treats a product: new; resumed from its checkpoint; reused (finished before in
# this run: nothing redone); unchanged (an earlier run's listings of the same source, kept).
PRODUCT_MODES = ("new", "resumed", "reused", "unchanged")


@dataclass
class ProductOutcome:
    """Every locale listing of one product after this run, and how the run treated it."""

    sku: str
    listings: list[Listing]
    mode: str  # one of PRODUCT_MODES
    timings: list[tuple[str, float]] = field(default_factory=list)
    error: str | None = None
    pivot: Draft | None = None  # the pivot draft every locale was made from
    attributes: list[Attribute] = field(default_factory=list)  # the fused set the graph used
    source_digest: str | None = None  # batch.digest of the product the listings were made from
    category_id: str | None = None  # the taxonomy category the checks read (categorize's)


def thread_id(run_id: str, sku: str, framing: Framing | None = None, claim: int = 1) -> str:
    """Checkpoint thread of one product (one variant of it) in one run; unique, as a run id and
    a variant id hold no ':'. A queue worker's later claim of the product (`claim` > 1) has a
    thread of its own: a worker that lost the product's lease but still runs it never writes
    into the new claim's thread. Nothing parses it: the thread's state holds the run id, the
    product and the framing."""
    run = run_id if claim == 1 else f"{run_id}@{claim}"
    return f"{run}:{sku}" if framing is None else f"{run}/{framing.variant_id}:{sku}"


def thread_prefixes(run_id: str) -> tuple[str, ...]:
    """How every checkpoint thread of a run begins (thread_id: its first claim's, a later
    claim's, a variant's), to find them all."""
    return (f"{run_id}:", f"{run_id}@", f"{run_id}/")


@functools.cache
def code_digest() -> str:
    """SHA-256 of the installed package's files (code, packs, lexicons, prompts, adapters):
    listings made by other code or other rules are not this code's listings."""
    digest = hashlib.sha256()
    stack = [("", resources.files("listingsmith"))]
    while stack:
        where, folder = stack.pop()
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
            name = f"{where}/{item.name}"
            if item.is_dir():
                if item.name != "__pycache__":
                    stack.append((name, item))
            elif not item.name.endswith(".pyc"):
                data = item.read_bytes()
                digest.update(f"{name}\0{len(data)}\0".encode())
                digest.update(data)
    return digest.hexdigest()


def default_run_id(catalog_bytes: bytes, locales: list[str], settings: Settings) -> str:
    """Stable id for the same catalogue, locales, code and decisive settings, so re-running a
    command resumes it; after an upgrade or with other settings it is a new run, never the old
    run's listings made and checked by other rules."""
    decisive = json.dumps(settings.decisive(), sort_keys=True).encode("utf-8")
    digest = hashlib.sha256(catalog_bytes + "|".join(locales).encode("utf-8"))
    digest.update(code_digest().encode() + decisive)
    return digest.hexdigest()[:12]


class SilentObserver:
    """For runs nobody watches in a terminal (the service, evaluations)."""

    def product_started(self, sku: str, locales: list[str]) -> None:
        """Nothing to draw."""

    def locale_done(self, sku: str, locale: str, status: str) -> None:
        """Nothing to draw."""


def pending_interrupts(snapshot: Any) -> Iterator[Any]:
    """The interrupts (held listings) pending in a thread's state snapshot."""
    for task in snapshot.tasks:
        yield from task.interrupts


def held_listings(snapshot: Any) -> list[Listing]:
    """Listings waiting for a reviewer: the interrupts pending in a thread."""
    return [held_listing(pending.value) for pending in pending_interrupts(snapshot)]


def collect(sku: str, locales: list[str], snapshot: Any, error: str | None) -> list[Listing]:
    """Finished, held and (for anything else) failed listings of one product, in locale order."""
    by_locale = results_of(snapshot.values)
    for listing in held_listings(snapshot):
        by_locale.setdefault(listing.locale, listing)
    for locale in locales:
        by_locale.setdefault(
            locale,
            Listing(
                sku=sku,
                locale=locale,
                listing=None,
                decision=ListingRecord(
                    status=Status.FAILED, attempts=0, reason=error or "not finished"
                ),
            ),
        )
    return [by_locale[locale] for locale in locales]


def start_of(
    snapshot: Any, product: Product, locales: list[str], run_id: str, live: LiveDrafts
) -> tuple[str, Any]:
    """How this run treats a product's thread, and the graph input that does it: new (with its
    live listings to improve, if any); resumed where it stopped, or with only its failed
    locales again; reused when all are settled."""
    if not snapshot.values:
        start: ProductInput = {
            "run_id": run_id,
            "product": product.model_dump(mode="json"),
            "locales": locales,
        }
        if live:
            start["live"] = live
        return "new", start
    results = snapshot.values.get("results") or {}
    settled = {loc for loc, r in results.items() if r["decision"]["status"] != Status.FAILED}
    settled |= {listing.locale for listing in held_listings(snapshot)}
    redo = [locale for locale in locales if locale not in settled]
    if not redo:
        return "reused", None
    if snapshot.next:
        return "resumed", None
    return "resumed", Command(goto=fan_out_locales({**snapshot.values, "locales": redo}))


async def run_product(
    graph: CompiledStateGraph,
    product: Product,
    locales: list[str],
    run_id: str,
    deps: Deps,
    observer: RunObserver,
    live: LiveDrafts | None = None,
    framing: Framing | None = None,
    facts: dict[str, Any] | None = None,
    *,
    claim: int = 1,
) -> ProductOutcome:
    """Run (or resume, or reuse) one product's thread and collect its listings. A variant's
    new thread starts from `facts` (a sibling's extracted attributes and category) when given:
    the facts are shared, only the framing changes. `claim`: a queue worker's claim of it."""
    config = {"configurable": {"thread_id": thread_id(run_id, product.sku, framing, claim)}}
    snapshot = await graph.aget_state(config)
    shown = product.sku if framing is None else f"{product.sku} ({framing.variant_id})"
    observer.product_started(shown, locales)
    error = None
    mode, graph_input = start_of(snapshot, product, locales, run_id, live or {})
    if mode == "new" and framing is not None:
        graph_input = {**graph_input, "framing": framing.model_dump()}
    reported: set[str] = set()
    if mode != "reused":
        try:
            if mode == "new" and framing is not None and facts:  # start after categorize
                await graph.aupdate_state(config, {**graph_input, **facts}, as_node="categorize")
                graph_input = None
            async for _, update in graph.astream(
                graph_input, config, context=deps, stream_mode="updates", subgraphs=True
            ):
                for node, body in update.items():
                    if node == "finalize" and body:
                        for locale, result in body["results"].items():
                            observer.locale_done(shown, locale, result["decision"]["status"])
                            reported.add(locale)
        except Exception as failure:  # one product's failure must not stop the batch
            error = described(failure)
        snapshot = await graph.aget_state(config)
    listings = [
        listing.model_copy(
            update={"variant": variant_tag(run_id, listing.sku, listing.locale, framing)}
        )
        for listing in collect(product.sku, locales, snapshot, error)
    ]
    for listing in listings:  # each locale is reported once: here unless it finished above
        if listing.locale not in reported:
            observer.locale_done(shown, listing.locale, listing.decision.status.value)
    failed = [
        f"{x.locale}: {x.decision.reason}" for x in listings if x.decision.status is Status.FAILED
    ]
    values = snapshot.values
    return ProductOutcome(
        product.sku,
        listings,
        mode,
        list(values.get("timings") or []),
        error or "; ".join(failed) or None,
        pivot_of(values) if values.get("draft") else None,
        attributes_of(values),
        category_id=category_id_of(values),
    )


class Kept(NamedTuple):
    """An earlier run's listings a product need not redo, by locale, and the locales it must
    redo although its source is unchanged, with the rules of today's packs that fail them."""

    listings: dict[str, Listing]
    redone: dict[str, list[str]]
    category_id: str | None = None  # the kept listings' category, as their run recorded it


# What a run keeps of a product: (product, source digest, locales) -> Kept.
Keep = Callable[[Product, str, list[str]], Kept]
# A product's live listings to improve: locale -> Draft dump (`run --mode improve`).
LiveDrafts = dict[str, dict[str, Any]]


def never_kept(product: Product, digest: str, locales: list[str]) -> Kept:
    """A run without an earlier one: every product is made."""
    return Kept({}, {})


def nothing_live(product: Product) -> LiveDrafts:
    """A run that makes listings anew: no live listing to improve."""
    return {}


def never_stopped() -> bool:
    """A run that nobody stops before its last product."""
    return False


async def run_or_keep(
    graph: CompiledStateGraph,
    product: Product,
    locales: list[str],
    run_id: str,
    deps: Deps,
    observer: RunObserver,
    keep: Keep = never_kept,
    live: Callable[[Product], LiveDrafts] = nothing_live,
    framings: Sequence[Framing] = (),
    *,
    claim: int = 1,
) -> ProductOutcome:
    """One product's listings: an earlier run's where its source is unchanged (audited as
    such), the graph's for every other locale (improving its live listings, if any); with
    `framings`, every variant's listings, all made anew."""
    digest = source_digest(product)
    if framings:
        outcome = await run_variants(
            graph, product, locales, run_id, deps, observer, framings, claim=claim
        )
        outcome.source_digest = digest
        return outcome
    kept, redone, kept_category = keep(product, digest, locales)
    for locale, rules in redone.items():
        payload = {"source_digest": digest, "locale": locale, "rules": rules}
        deps.audit.append(run_id, product.sku, "listing.rechecked", payload)
    if kept:
        observer.product_started(product.sku, list(kept))
        for locale, listing in kept.items():
            observer.locale_done(product.sku, locale, listing.decision.status.value)
        payload = {"source_digest": digest, "locales": sorted(kept)}
        deps.audit.append(run_id, product.sku, "product.unchanged", payload)
    todo = [locale for locale in locales if locale not in kept]
    if todo:
        outcome = await run_product(
            graph, product, todo, run_id, deps, observer, live(product), claim=claim
        )
    else:
        outcome = ProductOutcome(product.sku, [], "unchanged")
    made = {listing.locale: listing for listing in outcome.listings}
    outcome.listings = [kept.get(locale) or made[locale] for locale in locales]
    outcome.source_digest = digest
    outcome.category_id = outcome.category_id or kept_category
    return outcome


# What a variant's thread takes from its first sibling's: the facts, extracted once.
SHARED_FACTS = ("attributes", "conflicts", "suggestions", "category")


async def run_variants(
    graph: CompiledStateGraph,
    product: Product,
    locales: list[str],
    run_id: str,
    deps: Deps,
    observer: RunObserver,
    framings: Sequence[Framing],
    *,
    claim: int = 1,
) -> ProductOutcome:
    """Every variant of one product: the first extracts and categorizes, the others start from
    its facts (all at once); their listings in framing order, then locale order."""
    first = await run_product(
        graph, product, locales, run_id, deps, observer, None, framings[0], claim=claim
    )
    thread = thread_id(run_id, product.sku, framings[0], claim)
    config = {"configurable": {"thread_id": thread}}
    values = (await graph.aget_state(config)).values
    facts = {key: values[key] for key in SHARED_FACTS if key in values}
    if "category" not in facts:  # the first failed before its facts were settled
        facts = {}
    rest = await asyncio.gather(
        *(
            run_product(
                graph, product, locales, run_id, deps, observer, None, framing, facts, claim=claim
            )
            for framing in framings[1:]
        )
    )
    outcomes = [first, *rest]
    errors = [
        f"{framing.variant_id}: {outcome.error}"
        for framing, outcome in zip(framings, outcomes, strict=True)
        if outcome.error
    ]
    return ProductOutcome(
        product.sku,
        [listing for outcome in outcomes for listing in outcome.listings],
        first.mode,
        [timing for outcome in outcomes for timing in outcome.timings],
        "; ".join(errors) or None,
        first.pivot,
        first.attributes,
        category_id=first.category_id,
    )


async def run_batch(
    graph: CompiledStateGraph,
    products: list[Product],
    locales: list[str],
    run_id: str,
    deps: Deps,
    observer: RunObserver,
    sink: Callable[[ProductOutcome], None],
    keep: Keep = never_kept,
    live: Callable[[Product], LiveDrafts] = nothing_live,
    framings: Sequence[Framing] = (),
    stopped: Callable[[], bool] = never_stopped,
) -> None:
    """Run every product with at most `settings.product_concurrency` in flight (a fixed pool of
    workers, so a long catalogue never becomes a pile of tasks); each outcome goes to `sink` as
    soon as it is done, so memory stays flat and a crash keeps what finished. `keep` gives an
    earlier run's listings of unchanged products, which are not redone; `live` the listings a
    product has live, which are improved rather than made anew; `framings` the variants each
    listing has (none: one listing per locale). Once `stopped()` says so (a cancelled job),
    no further product starts: those in flight finish."""
    queue: asyncio.Queue[Product] = asyncio.Queue()
    for product in products:
        queue.put_nowait(product)

    async def worker() -> None:
        while not queue.empty() and not stopped():
            product = queue.get_nowait()
            outcome = await run_or_keep(
                graph, product, locales, run_id, deps, observer, keep, live, framings
            )
            sink(outcome)

    workers = min(deps.settings.product_concurrency, max(len(products), 1))
    await asyncio.gather(*(worker() for _ in range(workers)))
