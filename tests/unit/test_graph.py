"""The flow with a fake model: pass, retry then pass, retries exhausted, human decisions."""

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from listingsmith.graph import build_graph
from tests.unit.fakes import (
    BOTTLE,
    DE_GOOD,
    DE_WRONG_DESCRIPTION,
    DE_WRONG_HOURS,
    EN_GOOD,
    fake_deps,
    translations,
)

CONFIG = {"configurable": {"thread_id": "run:BOTTLE-1"}}
TRANSLATED_FIELDS = 3  # 2 bullets, description (title and keywords are composed from data)
# The attribute-extraction call of the product (its category is the seller's: no pick).
EXTRACTION = 1


def assert_german_listing(listing: dict) -> None:
    """DE_GOOD as translated, with the GPSR disclosures appended by code in German."""
    assert {k: v for k, v in listing.items() if k not in ("description", "origins")} == {
        k: v for k, v in DE_GOOD.items() if k != "description"
    }
    assert listing["description"].startswith(DE_GOOD["description"])
    assert "Hersteller: Aqualo Ltd." in listing["description"]
    assert "Produktkennung: 4006381333931." in listing["description"]


def checks(decision: dict) -> list[str]:
    """Rule ids of a decision's findings, less the disclosures code appended routinely."""
    return [f["rule_id"] for f in decision["findings"] if f["fix"] != "append"]


def start(locales: list[str]) -> dict:
    return {"run_id": "run", "product": BOTTLE.model_dump(mode="json"), "locales": locales}


async def run(lines: dict, locales: list[str], max_attempts: int = 3):
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = fake_deps([EN_GOOD], lines, max_attempts=max_attempts)
    out = await graph.ainvoke(start(locales), CONFIG, context=deps)
    return graph, deps, out


async def held(max_attempts: int = 2):
    """A run whose German description keeps saying 12 h: held for a human."""
    graph, deps, out = await run(translations(DE_WRONG_HOURS), ["de-DE"], max_attempts)
    (pending,) = out["__interrupt__"]
    return graph, deps, pending


async def test_clean_listing_is_approved_first_time() -> None:
    _, deps, out = await run(translations(DE_GOOD), ["de-DE"])
    result = out["results"]["de-DE"]
    assert result["decision"]["status"] == "approved"
    assert result["decision"]["attempts"] == 1
    assert {"localize", "checks"} <= set(result["decision"]["timings"])
    assert_german_listing(result["listing"])
    assert deps.client.usage.calls == EXTRACTION + 1 + TRANSLATED_FIELDS


async def test_pivot_locale_needs_no_translation_call() -> None:
    _, deps, out = await run({}, ["en-US"])
    assert out["results"]["en-US"]["decision"]["status"] == "approved"
    assert deps.client.usage.calls == EXTRACTION + 1


async def test_wrong_fact_is_retried_on_that_field_only_then_fixed() -> None:
    _, deps, out = await run(translations(DE_WRONG_HOURS, DE_GOOD), ["de-DE"])
    decision = out["results"]["de-DE"]["decision"]
    assert decision["status"] == "fixed"
    assert decision["attempts"] == 2
    # 12 h for 24 h: against the attributes, and against the pivot's description it translates.
    assert checks(decision) == ["fact.quantity.contradicted", "adequacy.source-mismatch"]
    assert_german_listing(out["results"]["de-DE"]["listing"])
    assert deps.client.usage.calls == EXTRACTION + 1 + TRANSLATED_FIELDS + 1


async def test_retries_exhausted_holds_for_a_human() -> None:
    graph, _, pending = await held()
    assert pending.value["locale"] == "de-DE" and pending.value["attempts"] == 2
    assert pending.value["findings"][0]["rule_id"] == "fact.quantity.contradicted"
    assert pending.value["listing"]["description"].startswith(DE_WRONG_DESCRIPTION)
    assert pending.value["model_id"] == "fake-model" and pending.value["packs"]
    snapshot = await graph.aget_state(CONFIG)
    assert snapshot.next == ("locale",)


async def test_human_approval_resumes_the_thread() -> None:
    graph, deps, pending = await held()
    decision = {"action": "approve", "reviewer": "ana", "reason": "12 h is the warm figure"}
    done = await graph.ainvoke(Command(resume={pending.id: decision}), CONFIG, context=deps)
    result = done["results"]["de-DE"]["decision"]
    assert result["status"] == "approved" and result["reviewer"] == "ana"


async def test_human_reject_ships_nothing() -> None:
    graph, deps, pending = await held()
    decision = {"action": "reject", "reviewer": "ana", "reason": "wrong"}
    done = await graph.ainvoke(Command(resume={pending.id: decision}), CONFIG, context=deps)
    assert done["results"]["de-DE"]["decision"]["status"] == "rejected"
    assert done["results"]["de-DE"]["listing"] is None


async def test_human_edit_is_checked_again_before_it_ships() -> None:
    graph, deps, pending = await held()
    calls = deps.client.usage.calls
    bad_edit = {"action": "edit", "reviewer": "ana", "listing": DE_WRONG_HOURS}
    again = await graph.ainvoke(Command(resume={pending.id: bad_edit}), CONFIG, context=deps)
    (still,) = again["__interrupt__"]
    good_edit = {"action": "edit", "reviewer": "ana", "listing": DE_GOOD}
    done = await graph.ainvoke(Command(resume={still.id: good_edit}), CONFIG, context=deps)
    result = done["results"]["de-DE"]
    assert_german_listing(result["listing"])
    assert result["decision"]["reviewer"] == "ana"
    assert deps.client.usage.calls == calls  # an edit never goes back to the model


async def test_locales_branch_in_parallel_and_each_gets_a_result() -> None:
    _, _, out = await run(translations(DE_GOOD), ["en-US", "de-DE"])
    assert set(out["results"]) == {"en-US", "de-DE"}
    nodes = [name for name, _ in out["timings"]]
    assert nodes.count("localize") == 2 and nodes.count("finalize") == 2


async def test_invented_fact_in_the_draft_is_redrafted_before_translation() -> None:
    wrong = {**EN_GOOD, "description": "The Aqualo bottle keeps drinks cold for 12 h."}
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = fake_deps([wrong, EN_GOOD], translations(DE_GOOD))
    out = await graph.ainvoke(start(["en-US", "de-DE"]), CONFIG, context=deps)
    assert out["draft_attempts"] == 2
    # The wrong draft is never translated.
    assert deps.client.usage.calls == EXTRACTION + 2 + TRANSLATED_FIELDS
    for locale in ("en-US", "de-DE"):
        decision = out["results"][locale]["decision"]
        assert decision["status"] == "fixed"
        assert checks(decision) == ["fact.quantity.contradicted"]
        assert decision["findings"][0]["fixed"] is True


async def test_a_draft_that_stays_wrong_is_held_after_the_attempts() -> None:
    wrong = {**EN_GOOD, "description": "The Aqualo bottle keeps drinks cold for 12 h."}
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = fake_deps([wrong], {}, max_attempts=2)
    out = await graph.ainvoke(start(["en-US"]), CONFIG, context=deps)
    assert out["draft_attempts"] == 2
    (pending,) = out["__interrupt__"]
    assert pending.value["findings"][0]["rule_id"] == "fact.quantity.contradicted"


async def test_graph_without_a_context_names_the_missing_setting(monkeypatch) -> None:
    monkeypatch.delenv("LISTINGSMITH_LLM_URL", raising=False)
    from listingsmith.graph.app import graph

    with pytest.raises(RuntimeError, match="LISTINGSMITH_LLM_URL"):
        await graph.ainvoke(start(["en-US"]))


async def test_a_cut_off_draft_is_sampled_again_even_with_one_attempt() -> None:
    """Regression: a draft cut off at max_tokens failed the product when max_attempts was 1."""
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = fake_deps(['{"title":"Aqualo Bottle, 750 ml, 750 ml, 750', EN_GOOD], {}, max_attempts=1)
    out = await graph.ainvoke(start(["en-US"]), CONFIG, context=deps)
    assert out["results"]["en-US"]["decision"]["status"] == "approved"
    assert deps.client.usage.calls == EXTRACTION + 2
