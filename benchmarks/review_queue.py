"""Time of the review queue's first page (GET /review signed in, and GET /v1/review/queue) with
many held listings, on the service with the unit tests' fake model (every de-DE listing is
held: a GTIN conflict, 12 h against 24 h), in process (FastAPI's test client).

    .venv/bin/python -m benchmarks.review_queue [--listings 300] [--repeats 10]

Prints the first request's time (it reads the finished job's checkpoints once, into the index)
and the median of the next ones, for the page and the API, with how many rows each showed."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.config import Settings
from tests.unit.fakes import DE_WRONG_HOURS, DISPUTED, EN_GOOD, fake_model, translations
from tests.unit.test_api_sessions import sign_in

KEYS = [
    {"key": "k-seller", "name": "acme", "role": "seller", "tenant": "acme"},
    {"key": "k-rev", "name": "rita", "role": "reviewer"},
]


def timed(client: TestClient, path: str, headers: dict[str, str], repeats: int) -> dict:
    """The first request's seconds, the median of `repeats` more, and the rows shown."""
    times, text = [], ""
    for _ in range(repeats + 1):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
        text = response.text
    rows = text.count('class="open"') if path == "/review" else len(response.json())
    return {
        "first_s": round(times[0], 3),
        "median_s": round(statistics.median(times[1:]), 4),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="review-queue-"))
    keys = folder / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": KEYS}))
    settings = Settings(service_dir=folder / "service", api_keys_file=keys, max_attempts=1)
    model = fake_model([EN_GOOD] * 40, translations(*[DE_WRONG_HOURS] * 4))
    app = create_app(settings, llm=lambda client: (model, "fake-model"))
    with TestClient(app) as client:
        seller = {"X-API-Key": "k-seller"}
        products = [
            {**DISPUTED.model_dump(mode="json"), "sku": f"S-{i:06}"} for i in range(args.listings)
        ]
        started = time.perf_counter()
        job = client.post(
            "/v1/jobs", headers=seller, json={"products": products, "locales": ["de-DE"]}
        ).json()["job"]
        while client.get(f"/v1/jobs/{job}", headers=seller).json()["status"] != "done":
            time.sleep(0.5)
        print(f"{args.listings} held listings in {time.perf_counter() - started:.0f} s")
        sign_in(client, "k-rev")
        print("page", timed(client, "/review", {}, args.repeats))
        print("api ", timed(client, "/v1/review/queue", {"X-API-Key": "k-rev"}, args.repeats))


if __name__ == "__main__":
    main()
