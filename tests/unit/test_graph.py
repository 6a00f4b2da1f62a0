"""The flow with a fake model: pass, retry then pass, retries exhausted, human decisions."""

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from listingsmith.graph import build_graph
from tests.unit.fakes import BOTTLE, DE_GOOD, DE_WRONG_HOURS, EN_GOOD, fake_deps

CONFIG = {"configurable": {"thread_id": "run:BOTTLE-1"}}


def start(locales: list[str]) -> dict:
    return {"run_id": "run", "product": BOTTLE.model_dump(mode="json"), "locales": locales}


async def run(answers: list[dict], locales: list[str], max_attempts: int = 3):
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = fake_deps(answers, max_attempts=max_attempts)
    out = await graph.ainvoke(start(locales), CONFIG, context=deps)
    return graph, deps, out


async def test_clean_listing_is_approved_first_time() -> None:
    _, deps, out = await run([EN_GOOD, DE_GOOD], ["de-DE"])
    result = out["results"]["de-DE"]
    assert result["decision"]["status"] == "approved"
    assert result["decision"]["attempts"] == 1
    assert result["listing"]["title"] == DE_GOOD["title"]
    assert deps.client.usage.calls == 2


async def test_pivot_locale_needs_no_translation_call() -> None:
    _, deps, out = await run([EN_GOOD], ["en-US"])
    assert out["results"]["en-US"]["decision"]["status"] == "approved"
    assert deps.client.usage.calls == 1


async def test_wrong_fact_is_retried_with_the_finding_then_fixed() -> None:
    _, _, out = await run([EN_GOOD, DE_WRONG_HOURS, DE_GOOD], ["de-DE"])
    decision = out["results"]["de-DE"]["decision"]
    assert decision["status"] == "fixed"
    assert decision["attempts"] == 2
    assert [f["rule_id"] for f in decision["findings"]] == ["fact.quantity.contradicted"]


async def test_retries_exhausted_holds_for_a_human() -> None:
    graph, _, out = await run([EN_GOOD, DE_WRONG_HOURS, DE_WRONG_HOURS], ["de-DE"], 2)
    assert "de-DE" not in out.get("results", {})
    (pending,) = out["__interrupt__"]
    assert pending.value["locale"] == "de-DE" and pending.value["attempts"] == 2
    assert pending.value["findings"][0]["rule_id"] == "fact.quantity.contradicted"
    snapshot = await graph.aget_state(CONFIG)
    assert snapshot.next == ("locale",)


async def test_human_approval_resumes_the_thread() -> None:
    graph, deps, out = await run([EN_GOOD, DE_WRONG_HOURS, DE_WRONG_HOURS], ["de-DE"], 2)
    (pending,) = out["__interrupt__"]
    decision = {"action": "approve", "reviewer": "ana", "reason": "12 h is the warm figure"}
    done = await graph.ainvoke(Command(resume={pending.id: decision}), CONFIG, context=deps)
    result = done["results"]["de-DE"]["decision"]
    assert result["status"] == "approved" and result["reviewer"] == "ana"


async def test_human_reject_ships_nothing() -> None:
    graph, deps, out = await run([EN_GOOD, DE_WRONG_HOURS, DE_WRONG_HOURS], ["de-DE"], 2)
    (pending,) = out["__interrupt__"]
    decision = {"action": "reject", "reviewer": "ana", "reason": "wrong"}
    done = await graph.ainvoke(Command(resume={pending.id: decision}), CONFIG, context=deps)
    assert done["results"]["de-DE"]["decision"]["status"] == "rejected"
    assert done["results"]["de-DE"]["listing"] is None


async def test_human_edit_is_checked_again_before_it_ships() -> None:
    graph, deps, out = await run([EN_GOOD, DE_WRONG_HOURS, DE_WRONG_HOURS], ["de-DE"], 2)
    (pending,) = out["__interrupt__"]
    bad_edit = {"action": "edit", "reviewer": "ana", "listing": DE_WRONG_HOURS}
    again = await graph.ainvoke(Command(resume={pending.id: bad_edit}), CONFIG, context=deps)
    (still,) = again["__interrupt__"]
    good_edit = {"action": "edit", "reviewer": "ana", "listing": DE_GOOD}
    done = await graph.ainvoke(Command(resume={still.id: good_edit}), CONFIG, context=deps)
    result = done["results"]["de-DE"]
    assert result["listing"]["description"] == DE_GOOD["description"]
    assert result["decision"]["reviewer"] == "ana"
    assert deps.client.usage.calls == 3


async def test_locales_branch_in_parallel_and_each_gets_a_result() -> None:
    _, _, out = await run([EN_GOOD, DE_GOOD], ["en-US", "de-DE"])
    assert set(out["results"]) == {"en-US", "de-DE"}
    nodes = [name for name, _ in out["timings"]]
    assert nodes.count("localize") == 2 and nodes.count("finalize") == 2


async def test_held_listing_says_which_model_and_packs() -> None:
    _, _, out = await run([EN_GOOD, DE_WRONG_HOURS, DE_WRONG_HOURS], ["de-DE"], 2)
    (pending,) = out["__interrupt__"]
    assert pending.value["model_id"] == "fake-model" and pending.value["packs"]
