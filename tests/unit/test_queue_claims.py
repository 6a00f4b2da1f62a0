"""A queue worker's later claim of a product runs in threads of its own: a worker that lost the
lease (starved past it) but still runs the product must not finish the new claim's thread, or
the new claim reuses a finished thread, records no audit event and ships listings without an
audit trail (seen as a flaky test_sigterm_releases_the_work_in_hand_and_exits under load)."""

from collections import Counter

from langgraph.checkpoint.memory import InMemorySaver

from listingsmith.audit.pending import PendingEvents
from listingsmith.batch.runner import SilentObserver, run_or_keep, thread_id
from listingsmith.config import Settings
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.serving.client import ModelClient
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations


async def claim_run(graph, claim: int) -> tuple[str, Counter]:
    """One claim's run of BOTTLE: its mode and the audit events it held back, by node."""
    pending = PendingEvents()
    client = ModelClient(fake_model([EN_GOOD], translations(DE_GOOD)), "fake-model", 4)
    deps = Deps(Settings(), client, pending)
    outcome = await run_or_keep(
        graph, BOTTLE, ["de-DE"], "job1", deps, SilentObserver(), claim=claim
    )
    return outcome.mode, Counter(event.node for event in pending.events)


async def test_a_later_claim_never_reuses_the_thread_an_earlier_claim_finished() -> None:
    graph = build_graph().compile(checkpointer=InMemorySaver())
    first_mode, first_events = await claim_run(graph, 1)  # the stale claim, finished late
    second_mode, second_events = await claim_run(graph, 2)
    assert first_mode == second_mode == "new"
    assert second_events == first_events and second_events["finalize"] >= 1


def test_each_claim_has_its_own_thread_and_the_first_keeps_the_old_name() -> None:
    assert thread_id("job1", "SKU-1") == "job1:SKU-1"
    assert thread_id("job1", "SKU-1", claim=1) == "job1:SKU-1"
    assert len({thread_id("job1", "SKU-1", claim=n) for n in (1, 2, 3)}) == 3
