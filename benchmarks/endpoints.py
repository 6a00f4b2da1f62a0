"""Several model servers: the model client (listingsmith.serving.client, the same code a run
uses) against stub OpenAI-compatible servers that answer after a fixed latency, in one run:

  (a) scaling: 1, 2 and 3 servers of equal latency, `--requests` per server, enough in flight
      to fill every server's slots twice over: requests/s and the ratio against 1 server;
  (b) one slow server: 3 servers, one `--slow-factor` times slower, least-outstanding against
      round-robin, with the slots filled twice over and with only as many requests in flight
      as the fast servers have slots: requests/s, latency, the slow server's share.

The stubs run in a child process (one uvicorn server per port, one event loop), so the client's
CPU is its own (its CPU time per request is reported: on a shared 2-core machine it is what
keeps the ratios under the server count).

Usage:
  python benchmarks/endpoints.py [--latency 0.3] [--bound 4] [--requests 200]
      [--slow-factor 5] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from listingsmith.config import BalanceStrategy, Balancing, Sampling, Settings
from listingsmith.serving.connect import endpoint_client
from listingsmith.serving.launch import model_endpoint
from listingsmith.serving.server import free_port, healthy

ANSWER = '{"title": "Steel water bottle"}'
SCHEMA = {"type": "object"}
START_TIMEOUT_S = 30.0


def stub_app(latency_s: float) -> Starlette:
    """An OpenAI-compatible completions server that answers every request after `latency_s`."""

    async def complete(request: Request) -> JSONResponse:
        body = await request.json()
        await asyncio.sleep(latency_s)
        return JSONResponse(
            {
                "id": "stub",
                "object": "text_completion",
                "created": 0,
                "model": body.get("model", "stub"),
                "choices": [{"index": 0, "text": ANSWER, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 8, "total_tokens": 18},
            }
        )

    async def health(request: Request) -> Response:
        return Response(status_code=200)

    return Starlette(
        routes=[
            Route("/v1/completions", complete, methods=["POST"]),
            Route("/health", health),
        ]
    )


async def serve_stubs(plan: list[tuple[int, float]]) -> None:
    """One uvicorn server per (port, latency), all on this loop, until killed."""
    servers = [
        uvicorn.Server(uvicorn.Config(stub_app(latency), port=port, log_level="warning"))
        for port, latency in plan
    ]
    await asyncio.gather(*(server.serve() for server in servers))


def start_stubs(latencies: list[float]) -> tuple[subprocess.Popen[bytes], list[str]]:
    """The stub servers in a child process; returns it and their base URLs once healthy."""
    ports = [free_port() for _ in latencies]
    plan = ",".join(f"{port}:{latency}" for port, latency in zip(ports, latencies, strict=True))
    child = subprocess.Popen([sys.executable, __file__, "--stubs", plan])
    urls = [f"http://127.0.0.1:{port}/v1" for port in ports]
    deadline = time.monotonic() + START_TIMEOUT_S
    while not all(healthy(url) for url in urls):
        if time.monotonic() > deadline or child.poll() is not None:
            child.kill()
            raise RuntimeError("the stub servers did not start")
        time.sleep(0.2)
    return child, urls


async def drive(
    urls: list[str], bound: int, strategy: BalanceStrategy, requests: int, in_flight: int
) -> dict[str, Any]:
    """`requests` model calls, `in_flight` at a time, through one client of `urls`."""
    settings = Settings(
        llm_url=urls[0],
        llm_urls=urls[1:],
        model="stub",
        max_model_concurrency=bound,
        balancing=Balancing(strategy=strategy),
    )
    sampling = Sampling(max_tokens=16)
    gate = asyncio.Semaphore(in_flight)
    seconds: list[float] = []
    async with httpx.AsyncClient(
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=None)
    ) as http:
        with model_endpoint(settings) as endpoint:
            client = endpoint_client(endpoint, settings, http)

        async def one() -> None:
            async with gate:
                answer = await client.complete_json("draft", "Listing:", SCHEMA, sampling)
                seconds.append(answer.seconds)

        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(one() for _ in range(requests)))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    sent = [member.sent for member in client.pool.members]
    return {
        "servers": len(urls),
        "strategy": str(strategy),
        "in_flight": in_flight,
        "requests_per_s": round(requests / wall, 2),
        "mean_latency_s": round(statistics.fmean(seconds), 4),
        "p95_latency_s": round(statistics.quantiles(seconds, n=20)[-1], 4),
        "client_cpu_ms_per_request": round(1000 * cpu / requests, 2),
        "sent": sent,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every arm, on stubs started once for the run."""
    fast = args.latency
    child, urls = start_stubs([fast, fast, fast, fast * args.slow_factor])
    least, robin = BalanceStrategy.LEAST_OUTSTANDING, BalanceStrategy.ROUND_ROBIN
    try:
        scaling = [
            asyncio.run(drive(urls[:n], args.bound, least, args.requests * n, 2 * args.bound * n))
            for n in (1, 2, 3)
        ]
        for arm in scaling:
            arm["ratio_vs_1"] = round(arm["requests_per_s"] / scaling[0]["requests_per_s"], 2)
        mixed = [urls[0], urls[1], urls[3]]  # the slow one last
        slow = [
            asyncio.run(drive(mixed, args.bound, strategy, args.requests, in_flight))
            for in_flight in (2 * args.bound * 3, 2 * args.bound)
            for strategy in (least, robin)
        ]
        for arm in slow:
            arm["slow_share"] = round(arm["sent"][-1] / sum(arm["sent"]), 3)
    finally:
        child.terminate()
        child.wait()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "latency_s": fast,
        "slow_factor": args.slow_factor,
        "bound": args.bound,
        "requests": args.requests,
        "scaling": scaling,
        "one_slow": slow,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per stub answer")
    parser.add_argument("--bound", type=int, default=4, help="requests in flight per server")
    parser.add_argument(
        "--requests", type=int, default=200, help="model calls per arm (per server in (a))"
    )
    parser.add_argument("--slow-factor", type=float, default=5.0, help="the slow server's x")
    parser.add_argument("--out", type=Path, help="also write the figures here (JSON)")
    parser.add_argument("--stubs", help=argparse.SUPPRESS)  # the child: PORT:LATENCY,...
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.stubs:
        plan = [(int(p), float(s)) for p, s in (item.split(":") for item in args.stubs.split(","))]
        asyncio.run(serve_stubs(plan))
        return
    figures = run(args)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
