"""The work queue and its workers on a real PostgreSQL: leases, fencing, exactly-once listings
and audit events, a worker killed with -9 and one told to stop with SIGTERM (subprocess workers
with the throughput benchmark's zero-latency model, no model server)."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from listingsmith.api.app import create_app
from listingsmith.audit.backends import verify_audit
from listingsmith.batch.queued import submit_job, wait_and_write
from listingsmith.batch.worker import serve_queue
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.serving.connect import model_client
from listingsmith.storage.queue import (
    Line,
    QueuedJob,
    claim,
    enqueue,
    finish,
    listings,
    open_queue,
    progress,
    release,
    renew,
)
from listingsmith.storage.queue import job as queued_job
from tests.unit.fakes import BOTTLE
from tests.unit.test_api import KEYS, as_, submit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from instant_model import InstantModel

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ["en-US", "de-DE"]


def copies(count: int) -> list[Product]:
    """`count` copies of one product, each with its own sku (same prompts, same events)."""
    return [BOTTLE.model_copy(update={"sku": f"SKU-{i:03d}"}) for i in range(count)]


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Settings (signing key, service folder, a short lease) for this process and its workers."""
    env = {
        "LISTINGSMITH_AUDIT_SIGNING_KEY": str(tmp_path / "keys" / "audit"),
        "LISTINGSMITH_SERVICE_DIR": str(tmp_path / "service"),
        "LISTINGSMITH_WORKER_LEASE_S": "2",
        "LISTINGSMITH_WORKER_POLL_S": "0.2",
        "LISTINGSMITH_MAX_PRODUCT_CONCURRENCY": "2",  # so that both workers get some
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def line(sku: str, locale: str) -> Line:
    return Line(sku, locale, "", {"sku": sku, "locale": locale, "status": "approved"})


def test_a_lapsed_lease_is_claimed_again_and_fences_the_first_claim(postgres_url: str) -> None:
    with open_queue(postgres_url) as db:
        job = QueuedJob("job1", None, ["en-US"], [])
        assert enqueue(db, job, [("A", "{}"), ("B", "{}")]) == 2
        assert enqueue(db, job, [("A", "{}"), ("B", "{}")]) == 0  # submitted again: nothing new
        first = claim(db, "w1", 0.05)
        assert first is not None and (first.sku, first.attempts) == ("A", 1)
        time.sleep(0.1)  # w1's lease runs out (w1 is "killed")
        second = claim(db, "w2", 30)
        assert second is not None and (second.sku, second.attempts) == ("A", 2)
        third = claim(db, "w3", 30)
        assert third is not None and third.sku == "B"  # w2's lease is alive: skipped
        # w1 comes back: its claim no longer holds A, it can neither renew nor write
        assert renew(db, "w1", 30) == 0 and renew(db, "w2", 30) == 1
        with db.transaction():
            assert not finish(db, first, "w1", [line("A", "en-US")])
        assert listings(db, "job1") == []
        with db.transaction():
            assert finish(db, second, "w2", [line("A", "en-US")])
        with db.transaction():  # a second finish of the same claim writes nothing
            assert not finish(db, second, "w2", [line("A", "en-US")])
        assert release(db, third, "w3")  # a stopping worker gives B back
        assert progress(db, "job1") == {"queued": 1, "leased": 0, "done": 1, "failed": 0}
        again = claim(db, "w1", 30)
        assert again is not None and (again.sku, again.attempts) == ("B", 2)
        assert [x["sku"] for x in listings(db, "job1")] == ["A"]


def test_claims_are_fair_between_tenants_and_keep_their_running_jobs_quota(
    postgres_url: str,
) -> None:
    """Tenant A's backlog (ten one-product jobs) does not delay tenant B's job submitted after
    it, and a tenant at its running jobs (here 1) starts no other job until one ends; the
    products of a job already running are still claimed."""
    with open_queue(postgres_url) as db:
        for n in range(10):
            enqueue(db, QueuedJob(f"a{n}", "acme", ["en-US"], []), [("A", "{}")])
        enqueue(db, QueuedJob("b0", "globex", ["en-US"], []), [("B1", "{}"), ("B2", "{}")])
        first = claim(db, "w1", 30, running_jobs=1)
        second = claim(db, "w2", 30, running_jobs=1)
        assert first is not None and first.job_id == "a0"
        assert second is not None and second.job_id == "b0"  # before acme's second job
        third = claim(db, "w3", 30, running_jobs=1)  # acme at its limit; b0 is running
        assert third is not None and (third.job_id, third.sku) == ("b0", "B2")
        assert claim(db, "w4", 30, running_jobs=1) is None  # acme still at its limit
        with db.transaction():
            assert finish(db, first, "w1", [line("A", "en-US")])
        fourth = claim(db, "w1", 30, running_jobs=1)  # a0 ended: acme's next job starts
        assert fourth is not None and fourth.job_id == "a1"
        with_room = claim(db, "w5", 30, running_jobs=2)
        assert with_room is not None and with_room.job_id == "a2"


def test_workers_claiming_at_once_never_take_the_same_product(postgres_url: str) -> None:
    """The fair claim's joins keep SKIP LOCKED whole: eight workers claiming together take
    each of forty products (eight jobs of four tenants) once, one job per tenant at a time."""
    with open_queue(postgres_url) as db:
        for n in range(8):
            products = [(f"S{n}-{i}", "{}") for i in range(5)]
            enqueue(db, QueuedJob(f"j{n}", f"t{n % 4}", ["en-US"], []), products)

    def worker(name: str, running_jobs: int) -> list[tuple[str, int]]:
        taken = []
        with open_queue(postgres_url) as db:
            while (item := claim(db, name, 30, running_jobs)) is not None:
                taken.append((item.job_id, item.id))
        return taken

    def together(running_jobs: int) -> list[tuple[str, int]]:
        names = [f"w{n}" for n in range(8)]
        with ThreadPoolExecutor(8) as pool:
            found = pool.map(worker, names, [running_jobs] * 8)
            return [claimed for claims in found for claimed in claims]

    first = together(1)  # one job per tenant runs: its five products
    assert len(first) == len({i for _, i in first}) == 20
    assert sorted({job for job, _ in first}) == ["j0", "j1", "j2", "j3"]
    rest = together(2)  # room for the tenants' second jobs
    taken = [i for _, i in first + rest]
    assert len(taken) == len(set(taken)) == 40


async def test_a_product_that_stops_every_worker_is_set_aside_with_its_event(
    postgres_url: str, isolated: dict[str, str]
) -> None:
    """A product that crashed or killed each worker that claimed it (here: claimed and given
    back max-attempts times) is marked failed by the next claim, audited, and the job ends."""
    settings = Settings(worker_max_attempts=2)
    submit_job(postgres_url, settings, "job2", copies(1), ["en-US"])
    with open_queue(postgres_url) as db:
        for _ in range(2):
            item = claim(db, "w1", 30)
            assert item is not None and release(db, item, "w1")
    client = model_client(settings, InstantModel(limits=settings.listing_limits), "instant")
    tally = await serve_queue(postgres_url, settings, client, drain=True, say=lambda _: None)
    assert tally == Counter({"failed": 1})
    with open_queue(postgres_url) as db:
        assert progress(db, "job2") == {"queued": 0, "leased": 0, "done": 0, "failed": 1}
        assert claim(db, "w9", 30) is None  # set aside for good
        assert listings(db, "job2") == []
    assert event_shapes(postgres_url)["SKU-000"] == Counter({("queue.failed", None, None): 1})
    assert verify_audit(postgres_url)[1] is None


def event_shapes(url: str) -> dict[str, Counter[tuple]]:
    """Per sku, how many events of each (node, locale, attempt) the audit log holds."""
    shapes: dict[str, Counter[tuple]] = {}
    with psycopg.connect(url) as db:
        rows = db.execute("SELECT sku, node, locale, attempt FROM audit.events").fetchall()
    for sku, node, locale, attempt in rows:
        shapes.setdefault(sku, Counter())[(node, locale, attempt)] += 1
    return shapes


def check_exactly_once(url: str, job_id: str, products: list[Product], out: Path) -> None:
    """Every product's listings written once, every product's audit events the same (copies of
    one product: a duplicate or a loss would make one differ), the chain intact."""
    counts = wait_and_write(url, job_id, out, 0.1, lambda now: None)
    lines = [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()]
    keys = [(x["sku"], x["locale"]) for x in lines]
    assert sorted(keys) == sorted((p.sku, loc) for p in products for loc in LOCALES)
    assert sum(counts.values()) == len(products) * len(LOCALES)
    shapes = event_shapes(url)
    submitted = shapes.pop("*")
    assert submitted == Counter({("job.submit", None, None): 1})
    assert set(shapes) == {p.sku for p in products}
    reference = shapes[products[0].sku]
    assert reference and all(shape == reference for shape in shapes.values())
    assert verify_audit(url)[1] is None


async def test_a_worker_runs_every_queued_product_once(
    postgres_url: str, isolated: dict[str, str], tmp_path: Path
) -> None:
    settings = Settings()
    products = copies(4)
    assert submit_job(postgres_url, settings, "jobA", products, LOCALES) == 4
    assert submit_job(postgres_url, settings, "jobA", products, LOCALES) == 0
    client = model_client(settings, InstantModel(limits=settings.listing_limits), "instant")
    tally = await serve_queue(postgres_url, settings, client, drain=True, say=lambda _: None)
    assert tally == Counter({"done": 4})
    check_exactly_once(postgres_url, "jobA", products, tmp_path / "out")


def start_worker(url: str, env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    """A worker process with the zero-latency model (benchmarks/instant_worker.py), its output
    in the service folder."""
    log = Path(env["LISTINGSMITH_SERVICE_DIR"]) / f"worker-{time.monotonic_ns()}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "instant_worker.py"), url, *extra],
            cwd=ROOT,
            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def progress_of(url: str, job_id: str) -> dict[str, int]:
    with open_queue(url) as db:
        return progress(db, job_id)


def held_by(url: str, pid: int) -> int:
    """Products leased now by the worker process `pid`."""
    with psycopg.connect(url) as db:
        row = db.execute(
            "SELECT count(*) FROM work.items WHERE state = 'leased' AND worker LIKE %s",
            (f"%:{pid}:%",),
        ).fetchone()
    return row[0] if row else 0


def wait_for(condition, timeout: float = 300.0) -> None:
    """Poll `condition` until it holds (a hang guard, not a speed target)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(
    postgres_url: str, isolated: dict[str, str], tmp_path: Path
) -> None:
    products = copies(8)
    submit_job(postgres_url, Settings(), "jobK", products, LOCALES)
    victim = start_worker(postgres_url, isolated)
    other = start_worker(postgres_url, isolated)
    try:
        wait_for(
            lambda: (
                progress_of(postgres_url, "jobK")["done"] >= 2 and held_by(postgres_url, victim.pid)
            )
        )
        victim.send_signal(signal.SIGKILL)
        victim.wait(30)
        assert held_by(postgres_url, victim.pid) > 0  # it died holding work
        wait_for(lambda: progress_of(postgres_url, "jobK")["done"] == len(products))
    finally:
        for worker in (victim, other):
            worker.kill()
            worker.wait(30)
    with psycopg.connect(postgres_url) as db:
        retried = db.execute("SELECT count(*) FROM work.items WHERE attempts > 1").fetchone()
    assert retried and retried[0] > 0  # the victim's products were run again elsewhere
    check_exactly_once(postgres_url, "jobK", products, tmp_path / "out")


def test_sigterm_releases_the_work_in_hand_and_exits(
    postgres_url: str, isolated: dict[str, str], tmp_path: Path
) -> None:
    products = copies(8)
    submit_job(postgres_url, Settings(), "jobT", products, LOCALES)
    env = {**isolated, "LISTINGSMITH_WORKER_GRACE_S": "0"}
    worker = start_worker(postgres_url, env)
    wait_for(
        lambda: progress_of(postgres_url, "jobT")["done"] >= 1 and held_by(postgres_url, worker.pid)
    )
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(60) == 0
    assert held_by(postgres_url, worker.pid) == 0  # finished or given back, none left leased
    assert progress_of(postgres_url, "jobT")["done"] < len(products)
    drain = start_worker(postgres_url, isolated, "--drain")
    assert drain.wait(300) == 0
    check_exactly_once(postgres_url, "jobT", products, tmp_path / "out")


def queue_service(url: str, tmp_path: Path) -> tuple[Settings, FastAPI]:
    """The service with a database at `url` (its jobs go to the queue) and the usual keys."""
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(api_keys_file=keys, database_url=url)
    return settings, create_app(settings, llm=lambda client: (None, "the workers have a model"))


async def test_the_service_with_a_database_only_enqueues_and_reports_the_workers_results(
    postgres_url: str, isolated: dict[str, str], tmp_path: Path
) -> None:
    settings, app = queue_service(postgres_url, tmp_path)
    with TestClient(app) as client:
        job = submit(client, "k-acme")
        assert client.get(f"/v1/jobs/{job}", headers=as_("k-acme")).json()["status"] == "queued"
        assert client.delete(f"/v1/jobs/{job}", headers=as_("k-acme")).status_code == 409
        with open_queue(postgres_url) as db:
            assert progress(db, job) == {"queued": 1, "leased": 0, "done": 0, "failed": 0}
        model = InstantModel(limits=settings.listing_limits)
        worker = model_client(settings, model, "instant")
        await serve_queue(postgres_url, settings, worker, drain=True, say=lambda _: None)
        body = client.get(f"/v1/jobs/{job}", headers=as_("k-acme")).json()
        assert body["status"] == "done" and sum(body["report"]["counts"]["de-DE"].values()) == 1
        listed = client.get(f"/v1/jobs/{job}/listings", headers=as_("k-acme")).json()
        assert [(x["sku"], x["locale"]) for x in listed] == [("BOTTLE-1", "de-DE")]
        assert client.get(f"/v1/jobs/{job}", headers=as_("k-globex")).status_code == 404
        # Deleted, the job leaves nothing in the queue.
        assert client.delete(f"/v1/jobs/{job}", headers=as_("k-acme")).status_code == 200
        with open_queue(postgres_url) as db:
            assert queued_job(db, job) is None and listings(db, job) == []
            assert progress(db, job) == {"queued": 0, "leased": 0, "done": 0, "failed": 0}


async def test_run_submit_only_enqueues_and_wait_writes_the_workers_listings(
    postgres_url: str, isolated: dict[str, str], tmp_path: Path
) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text("".join(p.model_dump_json() + "\n" for p in copies(2)))
    out = tmp_path / "out"
    args = ["run", str(catalog), "--out", str(out), "--locales", "en-US", "--db", postgres_url]
    submitted = CliRunner().invoke(app, [*args, "--submit"])
    assert submitted.exit_code == 0, submitted.output
    assert "2 of 2 product(s) queued" in submitted.output and not out.exists()
    settings = Settings()
    worker = model_client(settings, InstantModel(limits=settings.listing_limits), "instant")
    await serve_queue(postgres_url, settings, worker, drain=True, say=lambda _: None)
    waited = CliRunner().invoke(app, [*args, "--submit", "--wait"])
    assert waited.exit_code == 0, waited.output
    assert "0 of 2 product(s) queued" in waited.output  # the same catalogue: the same job
    lines = [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()]
    assert [x["sku"] for x in lines] == ["SKU-000", "SKU-001"]


def test_submit_needs_a_database_url(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(BOTTLE.model_dump_json() + "\n")
    args = ["run", str(catalog), "--out", str(tmp_path / "o"), "--submit"]
    result = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "state.sqlite")])
    assert result.exit_code == 2 and "--submit needs --db postgresql://" in result.output
