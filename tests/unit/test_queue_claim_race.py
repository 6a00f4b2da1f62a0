"""Workers claiming at the same instant on a real PostgreSQL keep a tenant's running-jobs limit:
before claims under a limit were serialised (storage/queue.py CLAIM_LOCK), each of several
workers counted the tenant's running jobs in its own snapshot and each started one of its jobs,
past the limit."""

import threading
from concurrent.futures import ThreadPoolExecutor

from listingsmith.storage.queue import Item, QueuedJob, claim, enqueue, open_queue, release

WORKERS = 12
ROUNDS = 15
LIMIT = 2


def test_claims_racing_at_a_barrier_never_pass_the_running_jobs_limit(postgres_url: str) -> None:
    with open_queue(postgres_url) as db:
        for n in range(WORKERS):
            enqueue(db, QueuedJob(f"a{n}", "acme", ["en-US"], []), [(f"S{n}", "{}")])
    connections = [open_queue(postgres_url) for _ in range(WORKERS)]
    barrier = threading.Barrier(WORKERS)

    def racer(number: int) -> tuple[str, Item | None]:
        name = f"w{number}"
        barrier.wait()
        return name, claim(connections[number], name, 30, running_jobs=LIMIT)

    started = []
    try:
        with ThreadPoolExecutor(WORKERS) as pool:
            for _ in range(ROUNDS):
                claims = [(w, x) for w, x in pool.map(racer, range(WORKERS)) if x is not None]
                started.append(len({item.job_id for _, item in claims}))
                for name, item in claims:  # every claim given back: the next round starts anew
                    assert release(connections[0], item, name)
    finally:
        for db in connections:
            db.close()
    assert max(started) == LIMIT, started  # never more, and the limit is reached
