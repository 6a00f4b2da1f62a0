"""Resampling after an answer that does not parse (not a findings retry)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from listingsmith.config import Sampling
from listingsmith.serving.client import ModelOutputError

T = TypeVar("T")


async def resample(retries: int, call: Callable[[int], Awaitable[T]]) -> T:
    """`call(attempt)` for attempt 1, 2, ... until it raises no ModelOutputError, at most
    `retries` + 1 times; the last error is raised when every attempt failed."""
    error: ModelOutputError | None = None
    for attempt in range(1, retries + 2):
        try:
            return await call(attempt)
        except ModelOutputError as failed:
            error = failed
    assert error is not None
    raise error


def resampling(sampling: Sampling, attempt: int, min_temperature: float) -> Sampling:
    """The sampling of one attempt: the first as configured; a retry gets a new seed and at
    least `min_temperature`, since greedy decoding would only repeat the failed answer."""
    if attempt == 1:
        return sampling
    return sampling.model_copy(
        update={
            "seed": sampling.seed + attempt - 1,
            "temperature": max(sampling.temperature, min_temperature),
        }
    )
