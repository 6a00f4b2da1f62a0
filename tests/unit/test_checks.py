"""The checks library: one check_listing for every caller, its scopes, the shared findings
builder, and verdicts judged once by the node and only read by routing."""

from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from listingsmith.attributes.fusion import fuse
from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.audit.log import AuditLog
from listingsmith.checks.listing import Checks, check_listing, check_pivot
from listingsmith.checks.verdict import listing_route, redraft
from listingsmith.config import Settings
from listingsmith.domain import Draft, Finding, Problem, Product, Severity, build_findings
from listingsmith.graph import build_graph
from listingsmith.graph.routing import after_checks, after_draft_check
from tests.unit.fakes import (
    BOTTLE,
    DE_GOOD,
    DE_WRONG_HOURS,
    EN_GOOD,
    LEGAL,
    fake_deps,
    translations,
)

ATTRIBUTES = fuse(seller_attributes(BOTTLE) + text_attributes(BOTTLE))[0]
PIVOT = Draft(**EN_GOOD)
SETTINGS = Settings()


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule_id for f in findings}


def test_the_locale_scope_runs_every_check() -> None:
    wrong = Draft(**{**DE_WRONG_HOURS, "title": "Flasche aus Edelstahl, 750 ml, Blau"})
    findings, packs = check_listing(wrong, BOTTLE, ATTRIBUTES, "de-DE", SETTINGS, PIVOT)
    assert "fact.quantity.contradicted" in rules(findings)
    assert "locale.protected-term" in rules(findings)  # the brand left the title
    assert any(p.startswith("eu-gpsr") for p in packs)


def test_a_clean_translation_has_no_blocking_finding() -> None:
    findings, _ = check_listing(Draft(**DE_GOOD), BOTTLE, ATTRIBUTES, "de-DE", SETTINGS, PIVOT)
    assert not [f for f in findings if f.severity is Severity.BLOCK and f.fix != "append"]


def test_the_pivot_scope_runs_facts_output_and_adequacy_checks() -> None:
    looped = Draft(
        title="Aqualo Bottle 500 ml",
        description="cold cold, cold cold, cold cold, cold cold, cold cold",
    )
    found = rules(check_pivot(looped, BOTTLE, ATTRIBUTES, SETTINGS))
    # The loop names no bottle: adequacy (the pivot's own) says so too.
    assert found == {"fact.quantity.contradicted", "model.repetition", "adequacy.unnamed-product"}


def test_one_scope_alone_runs_alone() -> None:
    german_in_english = Draft(title="Die Flasche hält Getränke lange kalt und ist aus Edelstahl")
    only_language = check_listing(
        german_in_english, BOTTLE, ATTRIBUTES, "en-US", SETTINGS, checks=Checks.LANGUAGE
    )
    assert rules(only_language.findings) == {"locale.language"}
    assert only_language.packs == []


def test_the_findings_builder_keeps_each_problem_in_order() -> None:
    problems = [Problem("title", "first", (0, 3)), Problem("keywords", "second", None, "drop it")]
    findings = build_findings(problems, "model.x", Severity.FIX, "de-DE", "delete")
    assert [(f.field, f.message, f.span, f.suggested_fix) for f in findings] == [
        ("title", "first", (0, 3), None),
        ("keywords", "second", None, "drop it"),
    ]
    assert {(f.rule_id, f.severity, f.locale, f.fix) for f in findings} == {
        ("model.x", Severity.FIX, "de-DE", "delete")
    }


def test_verdicts() -> None:
    fixable = Finding(
        rule_id="fact.x", severity=Severity.FIX, locale="de-DE", field="title", message="m"
    )
    needs_data = fixable.model_copy(update={"fix": "none"})
    warning = fixable.model_copy(update={"severity": Severity.WARN})
    assert listing_route([warning], 1, 3, False) == "finalize"
    assert listing_route([fixable], 1, 3, False) == "localize"
    assert listing_route([fixable], 3, 3, False) == "human_review"
    assert listing_route([needs_data], 1, 3, False) == "human_review"
    assert listing_route([fixable], 1, 3, True) == "human_review"
    # A locale that needs a person's sign-off: clean or warnings-only goes to a person, once.
    assert listing_route([warning], 1, 3, False, sign_off=True) == "human_review"
    assert listing_route([], 1, 3, False, sign_off=True) == "human_review"
    assert listing_route([], 1, 3, True, sign_off=True) == "finalize"
    assert listing_route([fixable], 1, 3, False, sign_off=True) == "localize"
    assert redraft([fixable], 1, 3) and not redraft([fixable], 3, 3) and not redraft([], 1, 3)


def test_routing_only_reads_the_verdict_in_state() -> None:
    assert after_checks({"route": "human_review", "findings": []}) == "human_review"
    assert after_draft_check({"draft_verdict": "redraft", "draft_findings": []}) == "draft"


UNDISCLOSED = BOTTLE.model_copy(
    update={"attributes": {k: v for k, v in BOTTLE.attributes.items() if k not in LEGAL}}
)


@pytest.mark.parametrize(
    ("product", "translated", "verdicts", "taken", "fallback"),
    [
        # 12 h for 24 h twice: retried, then the description composed from data ships.
        (
            BOTTLE,
            DE_WRONG_HOURS,
            ["localize", "finalize"],
            ["localize", "finalize"],
            ["description"],
        ),
        # No GPSR data: a person decides, at once.
        (UNDISCLOSED, DE_GOOD, ["human_review"], ["__interrupt__"], []),
    ],
)
async def test_the_audited_verdict_is_the_route_taken(
    tmp_path: Path,
    product: Product,
    translated: dict,
    verdicts: list[str],
    taken: list[str],
    fallback: list[str],
) -> None:
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = fake_deps([EN_GOOD], translations(translated), max_attempts=2)
    deps.audit = AuditLog(tmp_path / "audit.sqlite")
    start = {"run_id": "run", "product": product.model_dump(mode="json"), "locales": ["de-DE"]}
    config = {"configurable": {"thread_id": "run:BOTTLE-1"}}
    nodes = [
        node
        async for _, update in graph.astream(
            start, config, context=deps, stream_mode="updates", subgraphs=True
        )
        for node in update
    ]
    events = [e.payload for e in deps.audit.events() if e.node == "checks"]
    assert [e["verdict"] for e in events] == verdicts
    assert [nodes[i + 1] for i, node in enumerate(nodes) if node == "checks"] == taken
    assert events[-1]["fallback"] == fallback
    pivot = [e.payload["verdict"] for e in deps.audit.events() if e.node == "check_draft"]
    assert pivot == ["translate"]
