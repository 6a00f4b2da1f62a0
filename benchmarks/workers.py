"""Queue workers on one PostgreSQL, with the throughput benchmark's zero-latency model:

  (a) scaling: the same job worked by 1, 2 and 3 worker processes (benchmarks/instant_worker.py),
      each arm on a fresh database; listing-locales/s from submit to the last product done,
      after the workers have started and worked a warm-up job; the ratio against 1 worker, and
      per core of the machine;
  (b) kill-9 soak: PRODUCTS products, 2 workers, a worker chosen at random (among those holding
      products) killed with SIGKILL KILLS times (a fresh one started in its place each time);
      then lost (products without their listings), duplicated (listing rows or audit events
      beyond one product's share) and `audit verify` on the chain.

On a throwaway server on a temporary directory (Debian's binaries, as the tests start it).

Usage: PYTHONPATH=. python benchmarks/workers.py --out FILE.json [--products 60]
           [--soak-products 500] [--kills 5] [--locales en-US,de-DE] [--arms 1,2,3]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import psycopg
from pytest_postgresql.janitor import DatabaseJanitor

from listingsmith.audit.backends import verify_audit
from listingsmith.batch.queued import submit_job
from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.storage.queue import open_queue, progress
from tests.postgres import find_pg_ctl, throwaway_server
from tests.unit.fakes import BOTTLE

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "benchmarks" / "instant_worker.py"
READY = "product(s) at a time"  # a worker's first line, once started


def copies(count: int, tag: str) -> list[Product]:
    """`count` copies of one product with their own skus: same prompts, same audit events."""
    return [BOTTLE.model_copy(update={"sku": f"{tag}-{i:05d}"}) for i in range(count)]


class Workers:
    """Worker processes of one database, their output in `logs`."""

    def __init__(self, url: str, env: dict[str, str], logs: Path) -> None:
        self.url, self.env, self.logs = url, env, logs
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        """One more worker; returns once it has started (imports, connections)."""
        log = self.logs / f"worker-{time.monotonic_ns()}.log"
        with log.open("wb") as output:
            worker = subprocess.Popen(
                [sys.executable, "-u", str(WORKER), self.url],
                cwd=ROOT,
                env={**os.environ, **self.env, "PYTHONPATH": str(ROOT)},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.running.append(worker)
        wait_until(lambda: worker.poll() is not None or READY in log.read_text(errors="replace"))
        if worker.poll() is not None:
            raise SystemExit(f"a worker failed to start: {log.read_text(errors='replace')}")
        return worker

    def kill(self, worker: subprocess.Popen[bytes]) -> None:
        """SIGKILL, no goodbye."""
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        self.running.remove(worker)

    def stop_all(self) -> None:
        """SIGTERM every worker and wait for it."""
        for worker in self.running:
            worker.send_signal(signal.SIGTERM)
        for worker in self.running:
            worker.wait(120)
        self.running.clear()


def cpu_seconds(processes: list[subprocess.Popen[bytes]]) -> float:
    """User and system CPU seconds the processes have used so far."""
    times = [psutil.Process(p.pid).cpu_times() for p in processes]
    return sum(t.user + t.system for t in times)


def postgres_cpu_seconds(datadir: str) -> float:
    """CPU seconds of the throwaway server: its postmaster and every backend it started
    (backends that have exited are counted in the postmaster's children times)."""
    pid = int((Path(datadir) / "postmaster.pid").read_text().split()[0])
    postmaster = psutil.Process(pid)
    own = postmaster.cpu_times()
    total = own.user + own.system + own.children_user + own.children_system
    for child in postmaster.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            total += times.user + times.system
    return total


def wait_until(condition: Callable[[], bool], poll_s: float = 0.05) -> None:
    """Poll until `condition` holds."""
    while not condition():
        time.sleep(poll_s)


def held_by(url: str, pid: int) -> int:
    """Products the worker process `pid` holds now."""
    with psycopg.connect(url) as db:
        row = db.execute(
            "SELECT count(*) FROM work.items WHERE state = 'leased' AND worker LIKE %s",
            (f"%:{pid}:%",),
        ).fetchone()
    return row[0] if row else 0


def done(url: str, job_id: str) -> int:
    """Products of the job done."""
    with open_queue(url) as db:
        return progress(db, job_id)["done"]


def run_job(url: str, job_id: str, products: list[Product], locales: list[str]) -> float:
    """Submit and wait for the workers; seconds from submit to the last product done."""
    started = time.perf_counter()
    submit_job(url, Settings(), job_id, products, locales)
    wait_until(lambda: done(url, job_id) == len(products), 0.1)
    return time.perf_counter() - started


@contextmanager
def database(server: Any, name: str) -> Iterator[str]:
    """A fresh database on the server, dropped after."""
    janitor = DatabaseJanitor(
        user=server["user"], host=server["host"], port=server["port"], dbname=name
    )
    janitor.init()
    try:
        yield f"postgresql://{server['user']}@{server['host']}:{server['port']}/{name}"
    finally:
        janitor.drop()


def scaling_arm(
    server: dict[str, Any], count: int, products: int, locales: list[str], env: dict[str, str]
) -> dict[str, Any]:
    """`count` workers on a fresh database: a warm-up job, then the measured one."""
    with database(server, f"bench_scale_{count}") as url, tempfile.TemporaryDirectory() as logs:
        workers = Workers(url, env, Path(logs))
        try:
            for _ in range(count):
                workers.start()
            run_job(url, "warm", copies(2 * count, "warm"), locales)
            before = cpu_seconds(workers.running), postgres_cpu_seconds(server["datadir"])
            wall = run_job(url, "measured", copies(products, "m"), locales)
            worker_cpu = cpu_seconds(workers.running) - before[0]
            postgres_cpu = postgres_cpu_seconds(server["datadir"]) - before[1]
        finally:
            workers.stop_all()
    listing_locales = products * len(locales)
    return {
        "workers": count,
        "products": products,
        "listing_locales": listing_locales,
        "wall_s": round(wall, 2),
        "listing_locales_per_s": round(listing_locales / wall, 2),
        "worker_cpu_ms_per_listing_locale": round(worker_cpu * 1000 / listing_locales, 2),
        "postgres_cpu_ms_per_listing_locale": round(postgres_cpu * 1000 / listing_locales, 2),
    }


def signature(url: str) -> tuple[dict[str, Counter[tuple]], int, int]:
    """Per sku, the audit events by (node, locale, attempt); listing rows; rows per key max."""
    shapes: dict[str, Counter[tuple]] = {}
    with psycopg.connect(url) as db:
        for sku, node, locale, attempt in db.execute(
            "SELECT sku, node, locale, attempt FROM audit.events"
        ):
            shapes.setdefault(sku, Counter())[(node, locale, attempt)] += 1
        rows = db.execute("SELECT count(*) FROM work.listings").fetchone()
        retried = db.execute("SELECT count(*) FROM work.items WHERE attempts > 1").fetchone()
    return shapes, rows[0] if rows else 0, retried[0] if retried else 0


def soak(
    server: dict[str, Any], products: int, kills: int, locales: list[str], env: dict[str, str]
) -> dict[str, Any]:
    """Two workers, one killed at random `kills` times while the job runs."""
    chosen = random.Random(19)
    batch = copies(products, "soak")
    with database(server, "bench_soak") as url, tempfile.TemporaryDirectory() as logs:
        workers = Workers(url, env, Path(logs))
        try:
            workers.start()
            workers.start()
            started = time.perf_counter()
            submit_job(url, Settings(), "soak", batch, locales)
            marks = sorted(chosen.sample(range(products // 10, products * 9 // 10), kills))
            for mark in marks:
                wait_until(lambda mark=mark: done(url, "soak") >= mark, 0.1)
                holding = [w for w in workers.running if held_by(url, w.pid)]
                workers.kill(chosen.choice(holding or workers.running))
                workers.start()
            wait_until(lambda: done(url, "soak") == products, 0.2)
            wall = time.perf_counter() - started
        finally:
            workers.stop_all()
        shapes, rows, retried = signature(url)
        checked, broken = verify_audit(url)
    shapes.pop("*", None)
    reference = shapes.get(batch[0].sku, Counter())
    lost = sum(1 for p in batch if p.sku not in shapes)
    expected_rows = products * len(locales)
    return {
        "products": products,
        "locales": locales,
        "kills": kills,
        "killed_at_done": marks,
        "wall_s": round(wall, 2),
        "products_retried": retried,
        "lost": lost + max(0, expected_rows - rows) // len(locales),
        "duplicated": max(0, rows - expected_rows)
        + sum(1 for shape in shapes.values() if shape != reference),
        "audit_events_checked": checked,
        "audit_verify": "intact" if broken is None else broken,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--products", type=int, default=60)
    parser.add_argument("--soak-products", type=int, default=500)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--locales", default="en-US,de-DE")
    parser.add_argument("--arms", default="1,2,3", help="worker counts of the scaling arms")
    args = parser.parse_args()
    locales = args.locales.split(",")
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        raise SystemExit("PostgreSQL is not installed (no pg_ctl): scripts/install-postgres.sh")
    with tempfile.TemporaryDirectory() as home, throwaway_server(pg_ctl) as executor:
        env = {
            "LISTINGSMITH_AUDIT_SIGNING_KEY": str(Path(home) / "keys" / "audit"),
            "LISTINGSMITH_SERVICE_DIR": str(Path(home) / "service"),
            "LISTINGSMITH_WORKER_LEASE_S": "5",
            "LISTINGSMITH_WORKER_POLL_S": "0.2",
            # Products in flight per worker: enough to keep its core busy with an instant model,
            # few enough that a job is shared between the workers.
            "LISTINGSMITH_MAX_PRODUCT_CONCURRENCY": "4",
        }
        os.environ.update(env)
        server = {
            "user": executor.user,
            "host": executor.host,
            "port": executor.port,
            "datadir": executor.datadir,
        }
        arms = [
            scaling_arm(server, int(n), args.products, locales, env) for n in args.arms.split(",")
        ]
        base = arms[0]["listing_locales_per_s"]
        cores = os.cpu_count() or 1
        for arm in arms:
            arm["ratio_vs_first"] = round(arm["listing_locales_per_s"] / base, 2)
            arm["listing_locales_per_s_per_core"] = round(
                arm["listing_locales_per_s"] / min(cores, arm["workers"]), 2
            )
        soaked = soak(server, args.soak_products, args.kills, locales, env) if args.kills else None
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "load_average_at_end": os.getloadavg(),
        "scaling": arms,
        "soak": soaked,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
