"""A queue worker (listingsmith.batch.worker.serve_queue, what `listingsmith worker` runs) with
the zero-latency model of the throughput benchmark (instant_model.py) in place of a server: what
the workers benchmark and the kill-9 tests start as subprocesses.

Usage: python benchmarks/instant_worker.py URL [--drain]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from listingsmith.batch.worker import serve_queue
from listingsmith.config import Settings
from listingsmith.serving.connect import model_client

sys.path.insert(0, str(Path(__file__).resolve().parent))
from instant_model import InstantModel


def main() -> None:
    """Work the queue at URL until SIGTERM (or, with --drain, until nothing is left)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--drain", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    client = model_client(settings, InstantModel(limits=settings.listing_limits), "instant")
    tally = asyncio.run(
        serve_queue(
            args.url, settings, client, drain=args.drain, say=lambda text: print(text, flush=True)
        )
    )
    print(dict(tally), flush=True)


if __name__ == "__main__":
    main()
