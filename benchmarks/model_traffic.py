"""The model traffic of a run: every HTTP request the client sends (exact bytes, answer, timing),
replay of those requests, and the server's Prometheus counters."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

# vLLM 0.32 counters (in tokens) read from /metrics; counters are exposed with a _total suffix.
PREFIX_QUERIES = "vllm:prefix_cache_queries_total"
PREFIX_HITS = "vllm:prefix_cache_hits_total"
GENERATION_TOKENS = "vllm:generation_tokens_total"
COUNTERS = (PREFIX_QUERIES, PREFIX_HITS, GENERATION_TOKENS)


@dataclass(frozen=True)
class Exchange:
    """One model request as sent (URL and body bytes) with its answer and when it was in flight."""

    url: str
    body: bytes
    started: float
    ended: float
    answer: dict[str, Any]

    @property
    def completion_tokens(self) -> int:
        """Tokens the server generated for this request."""
        return int((self.answer.get("usage") or {}).get("completion_tokens", 0))


@dataclass
class Traffic:
    """httpx event hooks that keep every completion request a client sends, in order."""

    exchanges: list[Exchange] = field(default_factory=list)
    _started: dict[int, float] = field(default_factory=dict)

    def hooks(self) -> dict[str, list[Any]]:
        """The `event_hooks` argument of an httpx.AsyncClient."""
        return {"request": [self._on_request], "response": [self._on_response]}

    async def _on_request(self, request: httpx.Request) -> None:
        self._started[id(request)] = time.perf_counter()

    async def _on_response(self, response: httpx.Response) -> None:
        await response.aread()
        request = response.request
        started = self._started.pop(id(request))
        if request.method != "POST" or not request.url.path.endswith("completions"):
            return
        answer = response.json() if response.is_success else {}
        self.exchanges.append(
            Exchange(str(request.url), request.content, started, time.perf_counter(), answer)
        )

    def completion_tokens(self) -> int:
        """Tokens generated over every request."""
        return sum(e.completion_tokens for e in self.exchanges)

    def intervals(self) -> list[tuple[float, float]]:
        """When each request was in flight."""
        return [(e.started, e.ended) for e in self.exchanges]


def busy_seconds(intervals: Iterable[tuple[float, float]], start: float, end: float) -> float:
    """Seconds of [start, end] during which at least one interval was open (their union)."""
    total = 0.0
    open_start = open_end = None
    for left, right in sorted((max(a, start), min(b, end)) for a, b in intervals):
        if right <= left:
            continue
        if open_end is None or left > open_end:
            if open_end is not None:
                total += open_end - open_start
            open_start, open_end = left, right
        else:
            open_end = max(open_end, right)
    if open_end is not None:
        total += open_end - open_start
    return total


def prompt_key(exchange: Exchange) -> tuple[str, int | None] | None:
    """(prompt text, seed) of a completions request, or the last user text of a chat one."""
    body = json.loads(exchange.body)
    prompt = body.get("prompt")
    if prompt is None:
        content = (body.get("messages") or [{}])[-1].get("content")
        texts = (
            [p.get("text") for p in content if p.get("type") == "text"]
            if isinstance(content, list)
            else [content]
        )
        prompt = "".join(t for t in texts if t) or None
    if isinstance(prompt, list):
        prompt = prompt[0] if len(prompt) == 1 else None
    return (prompt, body.get("seed")) if isinstance(prompt, str) else None


def answer_text(exchange: Exchange) -> str | None:
    """The text the server answered (completions or chat)."""
    choices = exchange.answer.get("choices") or [{}]
    choice = choices[0]
    return choice.get("text") if "text" in choice else (choice.get("message") or {}).get("content")


async def replay(
    exchanges: list[Exchange], concurrency: int, api_key: str, timeout_s: float
) -> tuple[Traffic, float, float]:
    """Send the same request bodies again, at most `concurrency` at once, in their original
    order; returns the new traffic and the wall-clock start and end."""
    traffic = Traffic()
    slots = asyncio.Semaphore(concurrency)
    headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}
    async with httpx.AsyncClient(
        event_hooks=traffic.hooks(), headers=headers, timeout=timeout_s
    ) as http:

        async def send(exchange: Exchange) -> None:
            async with slots:
                response = await http.post(exchange.url, content=exchange.body)
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(send(e) for e in sorted(exchanges, key=lambda e: e.started)))
        return traffic, started, time.perf_counter()


def server_root(url: str) -> str:
    """http://host:port of an OpenAI-compatible base URL (…/v1)."""
    return url.rstrip("/").removesuffix("/v1")


def server_counters(url: str) -> dict[str, float]:
    """The vLLM counters in COUNTERS, summed over engines (0 where the server has none)."""
    text = httpx.get(f"{server_root(url)}/metrics", timeout=30.0).text
    totals = dict.fromkeys(COUNTERS, 0.0)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name in totals:
                totals[sample.name] += sample.value
    return totals


def hit_rate(before: dict[str, float], after: dict[str, float]) -> float | None:
    """Share of prompt tokens served from the prefix cache between two counter readings."""
    queries = after[PREFIX_QUERIES] - before[PREFIX_QUERIES]
    return (after[PREFIX_HITS] - before[PREFIX_HITS]) / queries if queries else None


def reset_prefix_cache(url: str) -> bool:
    """Empty the server's prefix cache (vLLM exposes this with VLLM_SERVER_DEV_MODE=1)."""
    try:
        response = httpx.post(f"{server_root(url)}/reset_prefix_cache", timeout=30.0)
    except httpx.HTTPError:
        return False
    return response.is_success
