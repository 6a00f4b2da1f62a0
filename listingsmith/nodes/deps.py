"""What nodes receive from the runtime (LangGraph context): settings and the model client."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from listingsmith.config import Settings
from listingsmith.serving.client import ModelClient


@dataclass
class Deps:
    """The run's settings and model client, passed as the graph's context."""

    settings: Settings
    client: ModelClient


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
