"""What nodes receive from the runtime (LangGraph context): settings, the model client, the
audit log and the translation memory; under LangGraph's own server, this process's, built on
first use."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, wraps
from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.backends import open_audit_log
from listingsmith.audit.log import AuditLog
from listingsmith.audit.pending import PendingEvents
from listingsmith.audit.postgres import PostgresAuditLog
from listingsmith.audit.signing import load_or_create_signer
from listingsmith.config import Settings
from listingsmith.serving.client import ModelClient
from listingsmith.serving.connect import connect
from listingsmith.state import framing_of, variant_of
from listingsmith.storage.memory import TranslationMemory, memory_beside


@dataclass
class Deps:
    """The run's settings, model client, audit log and translation memory, passed as the
    graph's context. `tenant` owns the run (a service job's); None: each product's seller."""

    settings: Settings
    client: ModelClient
    audit: AuditLog | PostgresAuditLog | PendingEvents | None = None
    memory: TranslationMemory | None = None
    tenant: str | None = None


def record(
    runtime: Runtime[Deps],
    state: Mapping[str, Any],
    node: str,
    payload: dict[str, Any],
    locale: str | None = None,
    attempt: int | None = None,
) -> None:
    """Append one event for this product (and locale) to the run's audit log, if it keeps one;
    a variant's events carry its tag (without a locale, no experiment yet)."""
    log = deps_of(runtime).audit
    if log is None:
        return
    framing = framing_of(state)
    if framing is not None:
        tag = variant_of(state, locale) if locale else None
        payload = {
            **payload,
            "variant": tag.model_dump() if tag else framing.model_dump(exclude={"index"}),
        }
    log.append(state["run_id"], state["product"]["sku"], node, payload, locale, attempt)


@cache
def process_settings() -> Settings:
    """This process's settings, from the environment (LISTINGSMITH_*)."""
    return Settings()


@cache
def process_client() -> ModelClient:
    """This process's model client, connected once to LISTINGSMITH_LLM_URL (and _LLM_URLS): a
    server process (`langgraph dev`) runs graphs on threads of its own, which must not own a
    model server."""
    settings = process_settings()
    if not settings.model_urls:
        raise RuntimeError(
            "no run context: set LISTINGSMITH_LLM_URL (and LISTINGSMITH_MODEL) to a vLLM server "
            "when the graph runs outside `listingsmith run` (e.g. under `langgraph dev`; "
            "`listingsmith model serve` starts one)"
        )
    with connect(settings) as client:  # a given endpoint: nothing to stop on leaving
        return client


@cache
def process_audit() -> AuditLog | PostgresAuditLog:
    """This process's audit log, in the database when one is set, else
    service_dir/audit.sqlite; its head signed like a run's."""
    settings = process_settings()
    settings.service_dir.mkdir(parents=True, exist_ok=True)
    signer = load_or_create_signer(settings.signing_key_path)
    file = settings.service_dir / "audit.sqlite"
    return open_audit_log(settings.database or file, signer, settings.audit_anchor_every)


@cache
def process_memory() -> TranslationMemory:
    """This process's translation memory (memory_path, or service_dir/memory.sqlite)."""
    return memory_beside(process_settings().service_dir, process_settings())


@dataclass
class ServerDeps(Deps):
    """The context LangGraph's server builds from a run's (empty) context: every field this
    process's, so `langgraph dev` and LangGraph Platform run the graph as it is."""

    settings: Settings = field(default_factory=process_settings)
    client: ModelClient = field(default_factory=process_client)
    audit: AuditLog | PostgresAuditLog | None = field(default_factory=process_audit)
    memory: TranslationMemory | None = field(default_factory=process_memory)


def deps_of(runtime: Runtime[Deps]) -> Deps:
    """The run's Deps; without a context, this process's (`ServerDeps`)."""
    return runtime.context if runtime.context is not None else ServerDeps()


def timed(
    name: str,
) -> Callable[[Callable[..., Awaitable[dict[str, Any]]]], Callable[..., Awaitable[dict[str, Any]]]]:
    """Decorate an async node so its update also records (name, seconds) in `timings`."""

    def wrap(
        node: Callable[..., Awaitable[dict[str, Any]]],
    ) -> Callable[..., Awaitable[dict[str, Any]]]:
        @wraps(node)
        async def run(*args: Any, **kwargs: Any) -> dict[str, Any]:
            started = time.perf_counter()
            update = await node(*args, **kwargs)
            return {**update, "timings": [(name, time.perf_counter() - started)]}

        return run

    return wrap
