"""A queue worker: claims products from the work queue (storage/queue.py), runs each through
the graph exactly as `run` does (runner.run_or_keep), renews its leases from a heartbeat thread,
and finishes it in one transaction: the product marked done, its listings and its audit events
written. A retry after a lost lease runs in checkpoint threads of its own (runner.thread_id's
claim), so its audit events, held back until then (audit/pending.py), are recorded once, and a
worker still running the lost claim never finishes the retry's thread."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph

from listingsmith.audit.pending import Pending, PendingEvents
from listingsmith.audit.postgres import PostgresAuditLog
from listingsmith.audit.signing import load_or_create_signer
from listingsmith.batch.outputs import outcome_lines
from listingsmith.batch.runner import ProductOutcome, SilentObserver, run_or_keep, thread_id
from listingsmith.config import Settings, described
from listingsmith.domain import Product
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.prompts.framing import Framing
from listingsmith.serving.client import ModelClient
from listingsmith.storage.checkpoints import open_checkpoints
from listingsmith.storage.memory import memory_beside
from listingsmith.storage.queue import (
    Db,
    Item,
    Line,
    QueuedJob,
    claim,
    finish,
    job,
    open_queue,
    release,
    renew,
    set_aside,
)


def worker_name() -> str:
    """This worker's name on the rows it leases: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def listing_rows(outcome: ProductOutcome, product: Product) -> list[Line]:
    """A product's listings as the queue stores them, keyed by locale and variant."""
    return [
        Line(line["sku"], line["locale"], line.get("variant_id") or "", line)
        for line in outcome_lines(outcome, product)
    ]


@dataclass
class Worker:
    """One worker process's state: its connections, graph and what it has done."""

    settings: Settings
    client: ModelClient
    queue: Db
    audit: PostgresAuditLog
    saver: BaseCheckpointSaver
    stop: asyncio.Event
    name: str
    say: Callable[[str], None]
    tally: Counter[str] = field(default_factory=Counter)
    _jobs: dict[str, QueuedJob] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.graph: CompiledStateGraph = build_graph().compile(checkpointer=self.saver)
        self.memory = memory_beside(self.settings.service_dir, self.settings)

    def job_of(self, item: Item) -> QueuedJob:
        """The item's job (read once per worker)."""
        if item.job_id not in self._jobs:
            found = job(self.queue, item.job_id)
            assert found is not None, item.job_id  # an item's job row is its foreign key
            self._jobs[item.job_id] = found
        return self._jobs[item.job_id]

    async def slot(self, drain: bool) -> None:
        """Claim and run products one after another until told to stop (or, draining, until
        the queue has nothing left to claim)."""
        lease = self.settings.worker_lease_s
        while not self.stop.is_set():
            item = claim(self.queue, self.name, lease, self.settings.tenant_quotas.running_jobs)
            if item is None:
                if drain:
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stop.wait(), self.settings.worker_poll_s)
                continue
            if item.attempts > self.settings.worker_max_attempts:
                self.tally[self.set_aside(item)] += 1
                continue
            try:
                self.tally[await self.process(item)] += 1
            except Exception as failure:  # one product's failure must not stop the worker
                self.say(f"error {item.job_id} {item.sku}: {described(failure)}")
                release(self.queue, item, self.name)
                self.tally["errors"] += 1

    def set_aside(self, item: Item) -> str:
        """Mark a product that stopped every worker before it failed, with its audit event;
        'failed' ('lost' when the claim no longer held it)."""
        tried = item.attempts - 1
        event = Pending(item.job_id, item.sku, "queue.failed", {"attempts": tried})
        self.say(f"failed {item.job_id} {item.sku}: set aside after {tried} attempts")
        kept = self.audit.append_with([event], lambda db: set_aside(db, item, self.name))
        return "failed" if kept else "lost"

    async def process(self, item: Item) -> str:
        """Run one claimed product; 'done', 'released' (stopping) or 'lost' (lease taken)."""
        queued = self.job_of(item)
        framings = tuple(Framing.model_validate(f) for f in queued.framings)
        product = Product.model_validate_json(item.product)
        # An earlier claim's threads and held-back events are gone; this claim has threads of
        # its own, which a worker still running an earlier claim never writes into.
        await self.forget(queued.id, product.sku, framings, range(1, item.attempts))
        pending = PendingEvents()
        deps = Deps(self.settings, self.client, pending, self.memory, queued.tenant)
        run = asyncio.create_task(
            run_or_keep(
                self.graph,
                product,
                queued.locales,
                queued.id,
                deps,
                SilentObserver(),
                framings=framings,
                claim=item.attempts,
            )
        )
        kept = await self.hold(run, item)
        if kept == "done":
            lines = listing_rows(run.result(), product)
            finished = self.audit.append_with(
                pending.events, lambda db: finish(db, item, self.name, lines)
            )
            kept = "done" if finished else "lost"
        if kept == "lost":  # another claim has the product: this claim's threads are stale
            await self.forget(queued.id, product.sku, framings, [item.attempts])
            return kept
        if kept == "done":
            self.say(f"{queued.id} {product.sku}: {len(lines)} listing(s)")
        return kept

    async def forget(
        self, run_id: str, sku: str, framings: tuple[Framing, ...], claims: Iterable[int]
    ) -> None:
        """Delete the checkpoint threads of these claims of a product."""
        for number in claims:
            for framing in framings or (None,):
                await self.saver.adelete_thread(thread_id(run_id, sku, framing, number))

    async def hold(self, run: asyncio.Task[ProductOutcome], item: Item) -> str:
        """Wait for `run` (the heartbeat renews its lease); when told to stop, give it
        worker_grace_s, then cancel it and release the item. 'done' or 'released' ('lost' when
        the claim no longer held it)."""
        stopping = asyncio.ensure_future(self.stop.wait())
        try:
            await asyncio.wait({run, stopping}, return_when="FIRST_COMPLETED")
            if not run.done():
                await asyncio.wait({run}, timeout=self.settings.worker_grace_s)
            if not run.done():
                await cancelled(run)
                return "released" if release(self.queue, item, self.name) else "lost"
            run.result()  # a failure outside the graph's own handling goes to slot()
            return "done"
        finally:
            stopping.cancel()


class Heartbeat(threading.Thread):
    """Renews the leases of every product a worker holds, every third of the lease, on a thread
    and connection of its own: a product's CPU-bound checks may hold up the worker's event
    loop, never its leases. Only a dead (or frozen) process lets them run out."""

    def __init__(self, url: str, worker: str, lease_s: float) -> None:
        super().__init__(name=f"heartbeat {worker}", daemon=True)
        self.url, self.worker, self.lease_s = url, worker, lease_s
        self.ended = threading.Event()

    def run(self) -> None:
        with open_queue(self.url) as db:
            while not self.ended.wait(self.lease_s / 3):
                renew(db, self.worker, self.lease_s)


async def cancelled(task: asyncio.Task[ProductOutcome]) -> None:
    """Cancel `task` and wait until it has stopped."""
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def serve_queue(
    url: str,
    settings: Settings,
    client: ModelClient,
    *,
    drain: bool = False,
    say: Callable[[str], None] = print,
) -> Counter[str]:
    """Work the queue in the database at `url` with settings.product_concurrency products in flight,
    until SIGTERM or SIGINT (or, draining, until nothing is left to claim); returns how many
    products it finished, released and lost."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    signer = load_or_create_signer(settings.signing_key_path)
    audit = PostgresAuditLog(url, signer, settings.audit_anchor_every)
    queue = open_queue(url)
    name = worker_name()
    heartbeat = Heartbeat(url, name, settings.worker_lease_s)
    heartbeat.start()
    try:
        async with open_checkpoints(settings.service_dir / "state.sqlite", url) as saver:
            worker = Worker(settings, client, queue, audit, saver, stop, name, say)
            say(f"worker {name}: {settings.product_concurrency} product(s) at a time")
            slots = (worker.slot(drain) for _ in range(settings.product_concurrency))
            await asyncio.gather(*slots)
            return worker.tally
    finally:
        heartbeat.ended.set()
        heartbeat.join()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        queue.close()
        audit.close()
