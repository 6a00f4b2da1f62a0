"""Throughput of the graph against the model server, in one run on one server:

  (a) raw:   the exact HTTP requests the graph sent, fired again at the server with the same
             concurrency bound (what the server can do with this work);
  (b) graph: the batch runner (listingsmith.batch.job.run_job) on the same products;
  (c) naive: the same requests one at a time (a plain loop).

The server's prefix cache is emptied before each arm (vLLM's /reset_prefix_cache; the embedded
server is started with VLLM_SERVER_DEV_MODE=1 for it) so no arm reuses another's prompts. Then a
zero-latency pass runs the graph over many copies of the products with a model that answers at
once (the answers the server gave, replayed by prompt and seed), which leaves only the cost of
everything else, node by node, and the memory growth over the batch.

Usage:
  python benchmarks/throughput.py --out FILE.json [--llm-url URL] [--products 5] [--raw-also 16]
      [--dataset ../shared/data/products/wdc-pave.jsonl --products 16]
  python benchmarks/throughput.py --zero-latency --out FILE.json [--products 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psutil

from listingsmith.batch.catalog import read_catalog
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.config import Settings
from listingsmith.datasets import read_dataset, to_product
from listingsmith.domain import Product
from listingsmith.serving.connect import connect, endpoint_client, model_client
from listingsmith.serving.launch import Endpoint

sys.path.insert(0, str(Path(__file__).resolve().parent))
from instant_model import InstantModel
from model_traffic import (
    GENERATION_TOKENS,
    Exchange,
    Traffic,
    answer_text,
    busy_seconds,
    hit_rate,
    prompt_key,
    replay,
    reset_prefix_cache,
    server_counters,
)

CATALOG = Path(__file__).resolve().parent.parent / "examples" / "catalog.jsonl"
MB = 1024 * 1024
RSS_SAMPLE_S = 0.25
WARMUP_PRODUCTS = 20
FAILURE_CHARS = 200


def load_products(args: argparse.Namespace, limit: int | None = None) -> list[Product]:
    """The first `limit` good products (all without a limit) of `--catalog`, or of `--dataset`
    (an evaluation dataset: gold values as the seller's fields), whose records all differ."""
    if args.dataset is not None:
        products = [to_product(r) for r in read_dataset(args.dataset, limit)]
        source = args.dataset
    else:
        products, errors = read_catalog(args.catalog, Settings())
        for error in errors:
            print(f"skipped bad record {args.catalog}: {error}")
        source = args.catalog
    if limit is not None and len(products) < limit:
        raise SystemExit(
            f"{source} has {len(products)} good products, fewer than --products {limit}: "
            "give a larger --catalog or a --dataset (copies would share their prompts)"
        )
    return products[:limit]


def copies(products: list[Product], count: int, tag: str) -> list[Product]:
    """`count` products cycling through `products`, each with its own sku (same prompts)."""
    return [
        product.model_copy(update={"sku": f"{product.sku}-{tag}{i:05d}"})
        for i, product in zip(range(count), itertools.cycle(products))
    ]


def arm_figures(
    name: str, wall: float, listing_locales: int, traffic: Traffic, start: float, end: float
) -> dict[str, Any]:
    """listings/s, model tokens/s, how full the server was and how long it had nothing."""
    intervals = traffic.intervals()
    busy = busy_seconds(intervals, start, end)
    return {
        "arm": name,
        "wall_s": round(wall, 2),
        "requests": len(traffic.exchanges),
        "completion_tokens": traffic.completion_tokens(),
        "listings_per_s": round(listing_locales / wall, 4),
        "tokens_per_s": round(traffic.completion_tokens() / wall, 2),
        "mean_requests_in_flight": round(sum(b - a for a, b in intervals) / wall, 2),
        "no_request_in_flight_share": round(1 - busy / wall, 4),
    }


async def graph_arm(
    products: list[Product], locales: list[str], settings: Settings, endpoint: Endpoint, work: Path
) -> tuple[dict[str, Any], Traffic, dict[str, Any]]:
    """The batch runner against the server, every HTTP request recorded."""
    traffic = Traffic()
    async with httpx.AsyncClient(
        event_hooks=traffic.hooks(), timeout=settings.request_timeout_s
    ) as http:
        client = endpoint_client(endpoint, settings, http)
        started = time.perf_counter()
        report = await run_job(
            JobSpec(products, locales, work / "graph", "bench-graph"), settings, client
        )
        ended = time.perf_counter()
    figures = arm_figures(
        "graph", ended - started, len(products) * len(locales), traffic, started, ended
    )
    return figures, traffic, report


async def replay_arm(
    name: str, exchanges: list[Exchange], concurrency: int, listing_locales: int, settings: Settings
) -> dict[str, Any]:
    """The recorded requests again, `concurrency` at a time."""
    traffic, started, ended = await replay(
        exchanges, concurrency, settings.api_key.get_secret_value(), settings.request_timeout_s
    )
    return arm_figures(name, ended - started, listing_locales, traffic, started, ended)


def every_kth(exchanges: list[Exchange], share: float) -> list[Exchange]:
    """About `share` of the requests, every k-th in the order sent (so each task is in it)."""
    ordered = sorted(exchanges, key=lambda e: e.started)
    return ordered[:: max(1, round(1 / share))]


def scaled_to_all(
    figures: dict[str, Any], sent: list[Exchange], exchanges: list[Exchange], listing_locales: int
) -> dict[str, Any]:
    """A one-at-a-time arm run on part of the requests, extended to all of them by their
    generated tokens (one request at a time, wall time goes with the tokens generated)."""
    if len(sent) == len(exchanges):
        return figures
    part = sum(e.completion_tokens for e in sent)
    wall = figures["wall_s"] * sum(e.completion_tokens for e in exchanges) / part
    return {
        **figures,
        "measured_wall_s": figures["wall_s"],
        "measured_requests": len(sent),
        "wall_s": round(wall, 2),
        "listings_per_s": round(listing_locales / wall, 4),
    }


def measured(url: str, arm: Any) -> tuple[Any, dict[str, Any]]:
    """Run one arm on an empty prefix cache; returns its result and the server's view of it."""
    was_reset = reset_prefix_cache(url)
    before = server_counters(url)
    result = asyncio.run(arm())
    after = server_counters(url)
    rate = hit_rate(before, after)
    return result, {
        "prefix_cache_reset": was_reset,
        "prefix_cache_hit_rate": round(rate, 4) if rate is not None else None,
        "server_generation_tokens": after[GENERATION_TOKENS] - before[GENERATION_TOKENS],
    }


def warm_up(endpoint: Endpoint, settings: Settings, work: Path, sample: Product) -> None:
    """One product through the graph so first-request costs (grammar compilation, allocator
    growth) fall outside every arm."""
    asyncio.run(graph_arm([sample], ["en-US"], settings, endpoint, work / "warm-up"))


def server_arms(args: argparse.Namespace, work: Path) -> tuple[dict[str, Any], list[Exchange]]:
    """The three arms on one server; returns their figures and the graph's recorded requests."""
    base = Settings()
    settings = Settings(
        **({"profile": args.profile} if args.profile else {}),
        llm_url=args.llm_url,
        model=args.model,
        max_model_concurrency=args.concurrency or base.max_model_concurrency,
    )
    products = load_products(args, args.products)
    locales = args.locales.split(",")
    listing_locales = len(products) * len(locales)
    os.environ.setdefault("VLLM_SERVER_DEV_MODE", "1")  # the embedded server's cache reset
    with connect(settings) as connected:
        endpoint = connected.endpoint
        assert endpoint is not None
        if endpoint.startup_seconds is not None:
            print(f"model server up in {endpoint.startup_seconds:.0f} s at {endpoint.url}")
        warm_up(endpoint, settings, work, copies(products, 1, "warm")[0])
        (graph, traffic, report), graph_server = measured(
            endpoint.url,
            lambda: graph_arm(products, locales, settings, endpoint, work),
        )
        print(f"graph: {graph}")
        exchanges = traffic.exchanges
        concurrency = settings.max_model_concurrency
        raw, raw_server = measured(
            endpoint.url,
            lambda: replay_arm("raw", exchanges, concurrency, listing_locales, settings),
        )
        print(f"raw: {raw}")
        extra_raw = []
        for probe in args.raw_also:
            figures, server = measured(
                endpoint.url,
                lambda probe=probe: replay_arm(
                    f"raw@{probe}", exchanges, probe, listing_locales, settings
                ),
            )
            extra_raw.append({**figures, **server, "concurrency": probe})
            print(f"raw at concurrency {probe}: {figures}")
        sent = every_kth(exchanges, args.naive_share)
        naive, naive_server = measured(
            endpoint.url, lambda: replay_arm("naive", sent, 1, listing_locales, settings)
        )
        naive = scaled_to_all(naive, sent, exchanges, listing_locales)
        print(f"naive: {naive}")
    result = {
        "model": endpoint.model,
        "profile": endpoint.profile.name,
        "server_startup_s": endpoint.startup_seconds,
        "products": len(products),
        "locales": locales,
        "listing_locales": listing_locales,
        "max_model_concurrency": concurrency,
        "max_product_concurrency": settings.product_concurrency,
        "graph_statuses": report["counts"],
        "arms": {
            "graph": {**graph, **graph_server},
            "raw": {**raw, **raw_server},
            "naive": {**naive, **naive_server},
        },
        "raw_at_other_concurrency": extra_raw,
        "ratio_graph_vs_raw": round(raw["wall_s"] / graph["wall_s"], 4),
        "ratio_graph_vs_naive": round(naive["wall_s"] / graph["wall_s"], 4),
        "ratio_graph_vs_raw_tokens_per_s": round(graph["tokens_per_s"] / raw["tokens_per_s"], 4),
        "overhead_share": graph["no_request_in_flight_share"],
        "prefix_cache_hit_rate": graph_server["prefix_cache_hit_rate"],
    }
    return result, exchanges


def recorded_answers(exchanges: list[Exchange]) -> dict[tuple[str, int | None], str]:
    """(prompt, seed) -> the text the server answered, for the zero-latency model."""
    answers = {}
    for exchange in exchanges:
        key, text = prompt_key(exchange), answer_text(exchange)
        if key is not None and text is not None:
            answers[key] = text
    return answers


async def sample_rss(peak: list[int], stop: asyncio.Event) -> None:
    """Keep the highest resident set size seen until `stop` is set."""
    process = psutil.Process()
    while not stop.is_set():
        peak[0] = max(peak[0], process.memory_info().rss)
        await asyncio.sleep(RSS_SAMPLE_S)


async def zero_latency_batch(
    products: list[Product], locales: list[str], model: InstantModel, work: Path, run_id: str
) -> tuple[dict[str, Any], float, int]:
    """The batch runner with the instant model; returns run.json, wall seconds, peak RSS."""
    peak, stop = [psutil.Process().memory_info().rss], asyncio.Event()
    sampler = asyncio.create_task(sample_rss(peak, stop))
    started = time.perf_counter()
    settings = Settings()
    spec = JobSpec(products, locales, work / run_id, run_id)
    report = await run_job(spec, settings, model_client(settings, model, "instant"))
    wall = time.perf_counter() - started
    stop.set()
    await sampler
    return report, wall, peak[0]


def zero_latency(
    base: list[Product],
    count: int,
    locales: list[str],
    answers: dict[tuple[str, int | None], str],
    work: Path,
) -> dict[str, Any]:
    """Per-listing-locale cost of everything but the model, node by node, and memory growth."""
    model = InstantModel(answers=answers, limits=Settings().listing_limits)
    asyncio.run(
        zero_latency_batch(copies(base, WARMUP_PRODUCTS, "w"), locales, model, work, "zl-warm")
    )
    gc.collect()
    rss_before = psutil.Process().memory_info().rss
    products = copies(base, count, "z")
    model.replayed = model.synthesized = 0
    cpu_started = time.process_time()
    report, wall, peak = asyncio.run(zero_latency_batch(products, locales, model, work, "zl"))
    cpu = time.process_time() - cpu_started
    del products
    gc.collect()
    rss_after = psutil.Process().memory_info().rss
    listing_locales = count * len(locales)
    per_node = {
        node: round(body["seconds"] * 1000 / listing_locales, 3)
        for node, body in sorted(report["node_seconds"].items())
    }
    in_nodes = sum(body["seconds"] for body in report["node_seconds"].values())
    return {
        "products": count,
        "locales": locales,
        "listing_locales": listing_locales,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "overhead_ms_per_listing_locale": round(wall * 1000 / listing_locales, 3),
        # Process CPU time: what the same work costs on a machine nobody else is using.
        "overhead_cpu_ms_per_listing_locale": round(cpu * 1000 / listing_locales, 3),
        "node_ms_per_listing_locale": per_node,
        "outside_nodes_ms_per_listing_locale": round((wall - in_nodes) * 1000 / listing_locales, 3),
        "model_calls": report["model_usage"]["calls"],
        "answers_replayed": model.replayed,
        "answers_synthesized": model.synthesized,
        "statuses": report["counts"],
        "failed_products": len(report["failed_products"]),
        "failure_reasons": Counter(
            reason[:FAILURE_CHARS] for reason in report["failed_products"].values()
        ).most_common(3),
        "rss_growth_mb": round((rss_after - rss_before) / MB, 1),
        "rss_peak_growth_mb": round((peak - rss_before) / MB, 1),
    }


def load_answers(path: Path | None) -> dict[tuple[str, int | None], str]:
    """Answers saved by an earlier server run (its FILE.answers.jsonl), or none."""
    if path is None:
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {(row["prompt"], row["seed"]): row["text"] for row in rows}


def save_answers(path: Path, answers: dict[tuple[str, int | None], str]) -> None:
    """The recorded answers, for a later --zero-latency --answers run."""
    with path.open("w", encoding="utf-8") as handle:
        for (prompt, seed), text in answers.items():
            row = {"prompt": prompt, "seed": seed, "text": text}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True, help="result JSON file")
    parser.add_argument("--llm-url", help="a running vLLM server (…/v1); default: start one")
    parser.add_argument("--model", help="served model name at --llm-url")
    parser.add_argument("--profile", help="model profile (serving/profiles.yaml)")
    parser.add_argument("--catalog", type=Path, default=CATALOG, help="JSONL product catalogue")
    parser.add_argument(
        "--dataset", type=Path, help="take the products from an evaluation dataset (JSONL)"
    )
    parser.add_argument("--products", type=int, help="products (default 5; 1000 zero-latency)")
    parser.add_argument("--locales", default="en-US,de-DE")
    parser.add_argument("--concurrency", type=int, help="model requests in flight (Settings)")
    parser.add_argument(
        "--raw-also",
        type=lambda text: [int(x) for x in text.split(",")],
        default=[],
        help="also fire the raw requests at these concurrencies, e.g. 16 (server capacity)",
    )
    parser.add_argument(
        "--naive-share",
        type=float,
        default=0.25,
        help="share of the requests the one-at-a-time arm sends (its time is scaled to all)",
    )
    parser.add_argument("--zero-latency", action="store_true", help="only the zero-latency pass")
    parser.add_argument(
        "--zl-products", type=int, default=200, help="zero-latency pass after the server arms"
    )
    parser.add_argument("--answers", type=Path, help="answers file of an earlier server run")
    return parser.parse_args()


def print_table(result: dict[str, Any]) -> None:
    """The figures a reader compares."""
    for name, arm in result.get("arms", {}).items():
        print(
            f"{name:>6}: {arm['wall_s']:8.1f} s  {arm['listings_per_s']:.3f} listings/s  "
            f"{arm['tokens_per_s']:6.1f} tokens/s  {arm['mean_requests_in_flight']:5.2f} in flight"
            f"  prefix hits {arm['prefix_cache_hit_rate']}"
        )
    for key in (
        "ratio_graph_vs_raw",
        "ratio_graph_vs_naive",
        "overhead_share",
        "overhead_ms_per_listing_locale",
        "prefix_cache_hit_rate",
    ):
        if key in result:
            print(f"{key}: {result[key]}")
    zero = result["zero_latency"]
    print(f"zero-latency node ms per listing-locale: {zero['node_ms_per_listing_locale']}")
    print(
        f"memory over {zero['products']} products: +{zero['rss_growth_mb']} MB RSS "
        f"(peak +{zero['rss_peak_growth_mb']} MB)"
    )


def main() -> None:
    args = parse_args()
    locales = args.locales.split(",")
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        work = Path(tmp)
        if args.zero_latency:
            base = load_products(args)
            answers = load_answers(args.answers)
            result: dict[str, Any] = {}
            zero = zero_latency(base, args.products or 1000, locales, answers, work)
        else:
            args.products = args.products or 5
            result, exchanges = server_arms(args, work)
            answers = recorded_answers(exchanges)
            save_answers(args.out.with_suffix(".answers.jsonl"), answers)
            base = load_products(args, args.products)
            zero = zero_latency(base, args.zl_products, locales, answers, work)
            graph = result["arms"]["graph"]
            result["overhead_share_cpu_estimate"] = round(
                zero["overhead_ms_per_listing_locale"]
                * result["listing_locales"]
                / (graph["wall_s"] * 1000),
                4,
            )
    result["zero_latency"] = zero
    result["overhead_ms_per_listing_locale"] = zero["overhead_ms_per_listing_locale"]
    result["machine"] = machine()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(result)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
