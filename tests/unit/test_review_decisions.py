"""Review decisions: checked whole before anything resumes, never able to wedge a listing, one
per held listing however many arrive at once, and seen in the run's outputs afterwards."""

import asyncio
import json
import threading
import time
from pathlib import Path

import pytest
from langgraph.types import Command

from listingsmith.audit.anchors import judge_anchors
from listingsmith.audit.backends import open_audit_log, read_anchors_and_heads
from listingsmith.audit.signing import load_public_key, public_key_path
from listingsmith.batch.claims import CLAIM, ReviewClaims
from listingsmith.batch.job import JobSpec, audit_location, run_job
from listingsmith.batch.review import (
    HeldItem,
    ReviewConflict,
    ReviewError,
    decide,
    held_items,
    review_decision,
)
from listingsmith.config import Settings
from listingsmith.domain import Listing
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.nodes.human_review import ReviewDecision
from listingsmith.serving.connect import model_client
from listingsmith.storage.checkpoints import open_checkpoints
from tests.unit.fakes import BOTTLE, DE_WRONG_HOURS, EN_GOOD, disputed, fake_model, translations
from tests.unit.test_review_cli import held_run
from tests.unit.test_runner import Quiet

pytestmark = pytest.mark.usefixtures("db_url")

APPROVE = review_decision(action="approve", reviewer="ana")
REJECT = review_decision(action="reject", reviewer="ben", reason="12 h is wrong")


def decisions(db: Path, sku: str = "BOTTLE-1") -> list[tuple[str, str]]:
    """(action, reviewer) of every human_review event of sku de-DE."""
    log = open_audit_log(audit_location(db, Settings()))
    found = [
        (e.payload["action"], e.payload["reviewer"])
        for e in log.events(sku, "de-DE")
        if e.node == "human_review"
    ]
    log.close()
    return found


def lines(out: Path) -> dict[tuple[str, str], dict]:
    """listings.jsonl by (sku, locale)."""
    rows = [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()]
    return {(r["sku"], r["locale"]): r for r in rows}


def test_an_incomplete_decision_is_refused_in_one_line() -> None:
    for fields, expected in (
        ({"action": "edit"}, "an edit needs the edited listing"),
        ({"action": "reject"}, "a rejection needs a reason"),
        ({"action": "approve", "listing": DE_WRONG_HOURS}, "approve takes no listing"),
        ({"action": "edit", "listing": {"title": 3}}, "listing."),
        ({"action": "ship"}, "action:"),
    ):
        with pytest.raises(ReviewError) as refused:
            review_decision(reviewer="ana", **fields)
        assert expected in str(refused.value) and "\n" not in str(refused.value), fields


def test_a_bad_edit_resumes_nothing_and_the_listing_can_still_be_approved(
    tmp_path: Path,
) -> None:
    db = held_run(tmp_path)
    (before,) = [i for i in asyncio.run(held_items(db, Settings())) if i.sku == "BOTTLE-1"]
    # A decision that skipped validation (built without it) is checked again by decide().
    bad = ReviewDecision.model_construct(action="edit", reviewer="eve", reason=None, listing=None)
    with pytest.raises(ReviewError, match="an edit needs the edited listing"):
        asyncio.run(decide(db, "BOTTLE-1", "de-DE", bad, Settings()))
    (still,) = [i for i in asyncio.run(held_items(db, Settings())) if i.sku == "BOTTLE-1"]
    assert still.interrupt_id == before.interrupt_id  # nothing resumed
    approved = asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()))
    assert isinstance(approved, Listing) and approved.decision.status.value == "approved"
    assert decisions(db) == [("approve", "ana")]


def test_the_node_holds_again_on_a_bad_decision_instead_of_failing(tmp_path: Path) -> None:
    """A bad resume value that reaches the node (bypassing decide) re-interrupts, so the next
    decision works; before, every later decision replayed the bad value and failed."""
    db = held_run(tmp_path)
    (item,) = [i for i in asyncio.run(held_items(db, Settings())) if i.sku == "BOTTLE-1"]

    async def resume_with_bad_edit() -> None:
        async with open_checkpoints(db, Settings().database) as saver:
            graph = build_graph().compile(checkpointer=saver)
            audit = open_audit_log(audit_location(db, Settings()))
            await graph.ainvoke(
                Command(resume={item.interrupt_id: {"action": "edit", "reviewer": "eve"}}),
                {"configurable": {"thread_id": item.thread_id}},
                context=Deps(Settings(), None, audit),
            )
            audit.close()

    asyncio.run(resume_with_bad_edit())
    (again,) = [i for i in asyncio.run(held_items(db, Settings())) if i.sku == "BOTTLE-1"]
    assert again.interrupt_id != item.interrupt_id
    assert "an edit needs the edited listing" in again.payload["refused"]
    approved = asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()))
    assert approved.decision.status.value == "approved"
    assert decisions(db) == [("approve", "ana")]


def test_two_decisions_at_once_one_wins(tmp_path: Path) -> None:
    db = held_run(tmp_path)

    async def both() -> list:
        return await asyncio.gather(
            decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()),
            decide(db, "BOTTLE-1", "de-DE", REJECT, Settings()),
            return_exceptions=True,
        )

    outcomes = asyncio.run(both())
    won = [o for o in outcomes if isinstance(o, Listing)]
    lost = [o for o in outcomes if isinstance(o, ReviewConflict)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert len(decisions(db)) == 1
    assert lines(tmp_path / "out")[("BOTTLE-1", "de-DE")]["status"] == won[0].decision.status.value


def test_two_threads_deciding_at_once_one_wins(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def decide_in_thread(decision: ReviewDecision) -> None:
        start.wait()
        try:
            outcomes.append(asyncio.run(decide(db, "BOTTLE-1", "de-DE", decision, Settings())))
        except ReviewConflict as conflict:
            outcomes.append(conflict)

    threads = [threading.Thread(target=decide_in_thread, args=(d,)) for d in (APPROVE, REJECT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["Listing", "ReviewConflict"]
    assert len(decisions(db)) == 1


def test_a_claim_by_another_process_refuses_the_decision_until_it_is_stale(
    tmp_path: Path,
) -> None:
    db = held_run(tmp_path)
    (item,) = [i for i in asyncio.run(held_items(db, Settings())) if i.sku == "BOTTLE-1"]

    def claim_as_another_process(age: float) -> None:
        claims = ReviewClaims(db, Settings())
        with claims.exclusive() as conn:
            conn.execute(
                CLAIM, (item.interrupt_id, item.thread_id, "zoe", "reject", time.time() - age)
            )

    claim_as_another_process(age=0)
    with pytest.raises(ReviewConflict, match="reject by zoe"):
        asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()))
    assert decisions(db) == []
    # A claim whose process died before resuming: the listing is still held, and after
    # review_claim_seconds the next decision takes it over.
    claim_as_another_process(age=Settings().review_claim_seconds + 1)
    approved = asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()))
    assert approved.decision.status.value == "approved"


def test_a_decision_on_what_the_reviewer_no_longer_sees_is_a_conflict(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    with pytest.raises(ReviewConflict, match="changed since it was read"):
        asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings(), seen="an-old-id"))
    assert decisions(db) == []
    asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()))
    with pytest.raises(ReviewConflict, match="approved by ana already"):
        asyncio.run(decide(db, "BOTTLE-1", "de-DE", REJECT, Settings()))


def test_a_failed_resume_withdraws_its_claim(tmp_path: Path, monkeypatch) -> None:
    db = held_run(tmp_path)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    with monkeypatch.context() as patched, pytest.raises(RuntimeError):
        patched.setattr("listingsmith.batch.review._resume", broken)
        asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()))
    approved = asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()))
    assert approved.decision.status.value == "approved"


def test_the_outputs_follow_the_decisions(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    out = tmp_path / "out"
    assert json.loads((out / "run.json").read_text())["counts"] == {"de-DE": {"held": 2}}
    asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, Settings()))
    asyncio.run(decide(db, "BOTTLE-2", "de-DE", REJECT, Settings()))
    rows = lines(out)
    assert rows[("BOTTLE-1", "de-DE")]["status"] == "approved"
    assert rows[("BOTTLE-1", "de-DE")]["reviewer"] == "ana"
    assert rows[("BOTTLE-2", "de-DE")]["status"] == "rejected"
    assert rows[("BOTTLE-2", "de-DE")]["reason"] == "12 h is wrong"
    assert len(rows) == 2
    counts = json.loads((out / "run.json").read_text())["counts"]
    assert counts == {"de-DE": {"approved": 1, "rejected": 1}}


SKUS = ("A:B", "run1:X", "A/B", "A%2FB", "100%")


def test_skus_with_colons_slashes_and_percents(tmp_path: Path) -> None:
    out = tmp_path / "out"
    db = out / "state.sqlite"
    products = [disputed(sku=sku) for sku in SKUS]
    settings = Settings(max_attempts=1)
    asyncio.run(
        run_job(
            JobSpec(products, ["de-DE"], out, "run1", db_path=db),
            settings,
            model_client(
                settings, fake_model([EN_GOOD], translations(DE_WRONG_HOURS)), "fake-model"
            ),
            observer=Quiet(),
        )
    )
    held = asyncio.run(held_items(db, Settings()))
    assert sorted((i.run_id, i.sku) for i in held) == sorted(("run1", s) for s in SKUS)
    for sku in SKUS:
        outcome = asyncio.run(decide(db, sku, "de-DE", APPROVE, Settings(), run_id="run1"))
        assert isinstance(outcome, Listing) and outcome.sku == sku
    assert {(s, r["status"]) for (s, _), r in lines(out).items()} == {(s, "approved") for s in SKUS}
    assert all(isinstance(i, HeldItem) for i in held)


def test_a_run_id_with_a_colon_is_refused(tmp_path: Path) -> None:
    settings = Settings()
    with pytest.raises(ValueError, match="':' is not allowed in a run id"):
        asyncio.run(
            run_job(
                JobSpec([BOTTLE], ["de-DE"], tmp_path, "run:1", db_path=tmp_path / "state.sqlite"),
                settings,
                model_client(settings, fake_model([EN_GOOD]), "fake-model"),
                observer=Quiet(),
            )
        )


def test_a_decision_is_signed_at_once(tmp_path: Path) -> None:
    db = held_run(tmp_path)
    settings = Settings()  # held_run's key
    asyncio.run(decide(db, "BOTTLE-1", "de-DE", APPROVE, settings))
    key = load_public_key(public_key_path(settings.signing_key_path))
    report = judge_anchors(*read_anchors_and_heads(audit_location(db, settings)), [key])
    assert report.problem is None
    assert report.unsigned_events == 0  # the decision's events are under the signed head
