"""What nodes receive from the runtime (LangGraph context): settings and the model client."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import cache, wraps
from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import AuditLog
from listingsmith.config import Settings
from listingsmith.serving.adapters import task_models
from listingsmith.serving.client import ModelClient
from listingsmith.serving.llm import make_llm
from listingsmith.serving.profiles import get_profile


@dataclass
class Deps:
    """The run's settings, model client and audit log, passed as the graph's context."""

    settings: Settings
    client: ModelClient
    audit: AuditLog | None = None


def record(
    runtime: Runtime[Deps],
    state: Mapping[str, Any],
    node: str,
    payload: dict[str, Any],
    locale: str | None = None,
    attempt: int | None = None,
) -> None:
    """Append one event for this product (and locale) to the run's audit log, if it keeps one."""
    log = deps_of(runtime).audit
    if log is not None:
        log.append(state["run_id"], state["product"]["sku"], node, payload, locale, attempt)


@cache
def _from_environment() -> Deps:
    settings = Settings()
    if not settings.llm_url:
        raise RuntimeError(
            "no run context: set LISTINGSMITH_LLM_URL (and LISTINGSMITH_MODEL) to a vLLM server "
            "when the graph runs outside `listingsmith run` (e.g. under `langgraph dev`)"
        )
    profile = get_profile(settings.profile)
    model = settings.model or profile.served_model_name
    llm = make_llm(profile, settings.llm_url, model, settings)
    client = ModelClient(llm, model, settings.max_model_concurrency, task_models(settings))
    return Deps(settings, client)


def deps_of(runtime: Runtime[Deps]) -> Deps:
    """The run's Deps; without a context (e.g. `langgraph dev`) built once from the environment."""
    return runtime.context if runtime.context is not None else _from_environment()


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
