"""Held listings in a checkpoint file, and a reviewer's decision that resumes one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from listingsmith.audit.log import AuditLog
from listingsmith.batch.job import audit_path
from listingsmith.batch.runner import pending_interrupts
from listingsmith.config import Settings
from listingsmith.domain import LocaleListing, Product
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.nodes.human_review import ReviewDecision
from listingsmith.serving.adapters import task_models
from listingsmith.serving.client import ModelClient
from listingsmith.serving.llm import make_llm
from listingsmith.serving.profiles import get_profile

# A decision never calls the model (approve and reject finalize; an edit is only re-checked),
# so the client points nowhere unless settings name a server.
NO_MODEL_URL = "http://127.0.0.1:1/v1"


class ReviewError(ValueError):
    """The decision cannot be applied (no such held listing, or ambiguous)."""


@dataclass(frozen=True)
class HeldItem:
    """A listing waiting for a reviewer: an interrupted thread."""

    thread_id: str
    sku: str
    locale: str
    interrupt_id: str
    payload: dict[str, Any]
    product: Product

    @property
    def run_id(self) -> str:
        """The run the thread belongs to."""
        return self.thread_id.rsplit(":", 1)[0]


async def _threads(saver: AsyncSqliteSaver) -> list[str]:
    seen: set[str] = set()
    async for checkpoint in saver.alist(None):
        seen.add(checkpoint.config["configurable"]["thread_id"])
    return sorted(seen)


async def _held(graph: CompiledStateGraph, saver: AsyncSqliteSaver) -> list[HeldItem]:
    items = []
    for thread in await _threads(saver):
        snapshot = await graph.aget_state({"configurable": {"thread_id": thread}})
        for pending in pending_interrupts(snapshot):
            value = pending.value
            product = Product(**snapshot.values["product"])
            items.append(
                HeldItem(thread, value["sku"], value["locale"], pending.id, value, product)
            )
    return items


async def held_items(db_path: Path) -> list[HeldItem]:
    """Every held listing in a checkpoint file."""
    async with AsyncSqliteSaver.from_conn_string(str(db_path)) as saver:
        return await _held(build_graph().compile(checkpointer=saver), saver)


async def decide(
    db_path: Path,
    sku: str,
    locale: str,
    decision: ReviewDecision,
    settings: Settings,
    run_id: str | None = None,
) -> LocaleListing | HeldItem:
    """Resume the held thread of (sku, locale) with a decision; returns the final listing, or
    the item held again (an edit that still fails its checks)."""
    async with AsyncSqliteSaver.from_conn_string(str(db_path)) as saver:
        graph = build_graph().compile(checkpointer=saver)
        matches = [
            item
            for item in await _held(graph, saver)
            if item.sku == sku and item.locale == locale and run_id in (None, item.run_id)
        ]
        if not matches:
            raise ReviewError(f"no held listing for sku {sku!r} in {locale} in {db_path}")
        if len(matches) > 1:
            runs = ", ".join(sorted(item.run_id for item in matches))
            raise ReviewError(
                f"sku {sku!r} {locale} is held in several runs ({runs}): give --run-id"
            )
        (item,) = matches
        profile = get_profile(settings.profile)
        model = settings.model or profile.served_model_name
        client = ModelClient(
            make_llm(profile, settings.llm_url or NO_MODEL_URL, model, settings),
            model,
            settings.max_model_concurrency,
            task_models(settings),
        )
        audit = AuditLog(audit_path(db_path))
        config = {"configurable": {"thread_id": item.thread_id}}
        try:
            await graph.ainvoke(
                Command(resume={item.interrupt_id: decision.model_dump(mode="json")}),
                config,
                context=Deps(settings, client, audit),
            )
        finally:
            audit.close()
        snapshot = await graph.aget_state(config)
        result = (snapshot.values.get("results") or {}).get(locale)
        if result is not None:
            return LocaleListing.model_validate(result)
        again = [
            i
            for i in await _held(graph, saver)
            if i.thread_id == item.thread_id and i.locale == locale
        ]
        return again[0]
