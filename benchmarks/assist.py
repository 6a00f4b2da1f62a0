"""Latency of POST /v1/assist/check through the real ASGI app (FastAPI's TestClient): the
first N listings of the policy corpus's dev split, each with its stated attributes as facts.

Usage: python benchmarks/assist.py [--listings 200] [--corpus evals/data/policies/dev.jsonl]
Prints p50 and p95 milliseconds per request (after one warm-up request, which loads the packs
and the language model).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.config import Settings

KEY = "bench-key"


def requests(corpus: Path, count: int) -> list[dict[str, Any]]:
    """The first `count` listings of the corpus as check requests."""
    bodies = []
    for line in corpus.read_text(encoding="utf-8").splitlines()[:count]:
        case = json.loads(line)
        bodies.append(
            {
                "locale": case["locale"],
                "marketplace": case["marketplace"],
                "listing": case["listing"],
                "facts": case.get("attributes", {}),
            }
        )
    return bodies


def latencies(bodies: list[dict[str, Any]], folder: Path) -> list[float]:
    """Milliseconds of each request, in order."""
    keys = folder / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": KEY, "name": "bench", "role": "auditor"}]}))
    settings = Settings(service_dir=folder / "service", api_keys_file=keys)
    app = create_app(settings, llm=lambda http: (None, "none"))  # check never calls a model
    out = []
    with TestClient(app) as client:
        client.post("/v1/assist/check", headers={"X-API-Key": KEY}, json=bodies[0])
        for body in bodies:
            start = time.perf_counter()
            answer = client.post("/v1/assist/check", headers={"X-API-Key": KEY}, json=body)
            out.append((time.perf_counter() - start) * 1000)
            answer.raise_for_status()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=Path("evals/data/policies/dev.jsonl"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        times = latencies(requests(args.corpus, args.listings), Path(folder))
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"{len(times)} listings: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
