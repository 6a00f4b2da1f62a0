"""Honest uncertainty: calibrated confidence per source and evidence kind, inferred values kept
apart as suggestions (never product facts), and the review page's mark on unsure values."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from langgraph.checkpoint.memory import InMemorySaver
from markupsafe import escape

from listingsmith.api.routers.pages import TEMPLATES
from listingsmith.api.view import attribute_rows
from listingsmith.attributes import confidence
from listingsmith.attributes.closed import SOURCE as CLASSIFIER
from listingsmith.attributes.confidence import calibrated, calibration, knots
from listingsmith.attributes.model_extract import TASK
from listingsmith.attributes.suggestions import suggestions
from listingsmith.audit.log import AuditLog
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Product
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.serving.client import ModelClient
from tests.unit.fakes import BOTTLE, EN_GOOD, FakeModel
from tests.unit.test_api_pages import payload_context
from tests.unit.test_api_sessions import held_job, service, sign_in  # noqa: F401


def value(name: str, text: str, source: str, confidence: float, evidence: str | None = None):
    return Attribute(name=name, value=text, source=source, confidence=confidence, evidence=evidence)


def test_calibration_maps_a_measured_source_and_kind_and_leaves_the_rest(monkeypatch) -> None:
    table = {
        "card": {"model": "small", "served_for_extract": "extract"},
        "sources": {"text-model": {"grounded": {"x": [0.2, 0.4], "y": [0.5, 0.9]}}},
    }
    monkeypatch.setattr(confidence, "calibration", lambda: table)
    grounded = value("Brand", "Acme", "text-model", 0.3, evidence="Acme")
    assert calibrated(grounded, "small", "extract").confidence == pytest.approx(0.7)
    # Measured for one model and adapter: another model's values keep their stated confidence.
    assert calibrated(grounded, "large", "extract") == grounded
    assert calibrated(grounded, "small", "small") == grounded
    inferred = value("Brand", "Acme", "text-model", 0.3)  # no knots for this kind
    assert calibrated(inferred, "small", "extract") == inferred
    pixels = value("color", "red", "pixels", 0.6)
    assert calibrated(pixels, "small", "extract") == pixels


def test_the_shipped_calibration_was_fitted_on_records_the_adapter_never_saw_and_is_monotone() -> (
    None
):
    # The extract adapter was trained on the train splits: the map is fitted on the tune part
    # of the evaluation files and measured on their check part (build_confidence --model-answers).
    card = calibration()["card"]
    assert card["data_files"] and not any(f.endswith("-train.jsonl") for f in card["data_files"])
    assert card["records"]["tune"] > 0 and card["records"]["check"] > 0
    for kind, measured in card["check_part"].items():
        assert measured["ece_calibrated"] <= measured["ece_stated"], kind
    for kinds in calibration()["sources"].values():
        for kind in kinds:
            x, y = kinds[kind]["x"], kinds[kind]["y"]
            assert x == sorted(x) and y == sorted(y) and 0.0 <= y[0] <= y[-1] <= 1.0
            assert kinds[kind]["values"] >= kinds[kind]["right"] >= 0


def test_suggestions_leave_out_names_the_facts_answer_and_keep_one_per_value() -> None:
    facts = [value("color", "blue", "seller", 1.0)]
    inferred = [
        value("Color", "Red", "text-model", 0.2),  # the seller states the colour
        value("Neckline", "V-Neck", "text-model", 0.3),
        value("Neckline", "v-neck", CLASSIFIER, 0.8),  # the same value, more sure
        value("Sleeve Style", "Short Sleeve", CLASSIFIER, 0.5),
    ]
    offered = suggestions(inferred, facts)
    assert [(a.name, a.value, a.source) for a in offered] == [
        ("Neckline", "v-neck", CLASSIFIER),
        ("Sleeve Style", "Short Sleeve", CLASSIFIER),
    ]


CARD = calibration()["card"]


async def run_graph(product: Product, extraction: dict, tmp_path: Path) -> tuple[dict, AuditLog]:
    """The graph on `product` with a fake model standing in for the one the calibration was
    measured on (its name and adapter), answering `extraction`."""
    model = FakeModel(responses=[json.dumps(EN_GOOD)], extractions=[json.dumps(extraction)])
    audit = AuditLog(tmp_path / "audit.sqlite")
    client = ModelClient(model, CARD["model"], 4, {TASK: CARD["served_for_extract"]})
    deps = Deps(Settings(), client, audit)
    graph = build_graph().compile(checkpointer=InMemorySaver())
    state = {"run_id": "run", "product": product.model_dump(mode="json"), "locales": ["en-US"]}
    out = await graph.ainvoke(state, {"configurable": {"thread_id": "t"}}, context=deps)
    return out, audit


async def test_the_models_unwritten_values_are_calibrated_suggestions_not_facts(
    tmp_path: Path,
) -> None:
    answer = {"Product Type": "Bottle", "Size": "Large", "Model Number": None}
    out, audit = await run_graph(BOTTLE, answer, tmp_path)
    facts = {(a["name"], a["value"]): a for a in out["attributes"]}
    grounded = value("Product Type", "Bottle", "text-model", 0.3, evidence="Bottle")
    served = (CARD["model"], CARD["served_for_extract"])
    assert facts[("Product Type", "Bottle")]["confidence"] == round(
        knots("text-model", "grounded")["y"][0], 4
    )
    assert calibrated(grounded, *served).confidence != grounded.confidence
    assert ("Size", "Large") not in facts  # not written in the text: not a product fact
    (size,) = [a for a in out["suggestions"] if a["name"] == "Size"]
    stated = Settings().extraction_limits.ungrounded_confidence
    assert size["confidence"] == round(knots("text-model", "inferred")["y"][0], 4) != stated
    listing = out["results"]["en-US"]
    assert [a["value"] for a in listing["suggestions"] if a["name"] == "Size"] == ["Large"]
    assert "Large" not in json.dumps(listing["listing"])
    (event,) = [e for e in audit.events("BOTTLE-1") if e.node == "extract"]
    assert [(a["name"], a["value"]) for a in event.payload["suggestions"]] == [("Size", "Large")]
    audit.close()


async def test_the_closed_set_classifier_runs_in_the_node_and_only_suggests(
    tmp_path: Path,
) -> None:
    shirt = Product(
        sku="TOP-1",
        title="Womens Casual V-Neck Short Sleeve Floral Print Blouse Top",
        description="A light summer blouse.",
        category="Shirts & Tops",
    )
    out, audit = await run_graph(shirt, {}, tmp_path)  # the model states nothing
    offered = [a for a in out["suggestions"] if a["source"] == CLASSIFIER]
    assert offered and all(a["evidence"] is None for a in offered)
    assert not [a for a in out["attributes"] if a["source"] == CLASSIFIER]
    (event,) = [e for e in audit.events("TOP-1") if e.node == "extract"]
    assert event.payload["classifier_values"] == len(offered)
    audit.close()


def test_the_page_marks_every_suggestion_and_low_value_and_no_sure_one() -> None:
    facts = [value("color", "blue", "seller", 1.0), value("color", "grey", "pixels", 0.45)]
    offered = [value("Neckline", "V-Neck", CLASSIFIER, 0.93)]
    rows = attribute_rows(
        [a.model_dump() for a in facts], [a.model_dump() for a in offered], unsure_below=0.7
    )
    assert [(r["value"], r["mark"]) for r in rows] == [
        ("blue", None),
        ("grey", "unsure"),
        ("V-Neck", "AI suggestion"),
    ]
    assert "45%" in rows[1]["why"] and "not stated" in rows[2]["why"]
    context = {**payload_context(), "attribute_rows": rows, "unsure_below": 0.7}
    html = TEMPLATES.get_template("item.html.jinja").render(context)
    table = html[html.index('<table id="attribute-values">') :]
    table = table[: table.index("</table>")]
    sure, low, suggested = table.split("<tr")[2:]
    assert "ai-mark" not in sure
    assert 'class="unsure"' in low and ">unsure</span>" in low and "visually-hidden" in low
    assert ">AI suggestion</span>" in suggested and rows[2]["why"] in suggested


def test_a_held_listings_page_lists_the_attribute_values_with_their_source(
    service: TestClient,  # noqa: F811
) -> None:
    job = held_job(service, "k-acme")
    sign_in(service, "k-rev")
    page = service.get(f"/review/{job}/BOTTLE-1/de-DE").text
    table = page[page.index('<table id="attribute-values">') :]
    rows = table[: table.index("</table>")].split("<tr")[2:]
    seller = [row for row in rows if escape("seller's data") in row]
    assert seller and all('class="sure"' in r and "ai-mark" not in r for r in seller)
    assert any(escape("found in the text") in row for row in rows)


async def test_the_sequence_tagger_runs_in_the_node_on_english_text_only(tmp_path: Path) -> None:
    title = "YTQHXY Metal Spinner Spoon Fishing Lure Hard Baits 85mm 20g Crankbait YE-409"
    lure = Product(sku="LURE-1", title=title, description="A spoon lure.", category="Lure")
    out, audit = await run_graph(lure, {}, tmp_path)  # the model states nothing
    facts = {(a["name"], a["value"]): a for a in out["attributes"]}
    assert facts[("Brand Name", "YTQHXY")]["evidence"] == "YTQHXY"
    (event,) = [e for e in audit.events("LURE-1") if e.node == "extract"]
    assert event.payload["tagger_values"] >= 1
    audit.close()
    german = lure.model_copy(update={"sku": "LURE-2", "source_locale": "de-DE"})
    out, audit = await run_graph(german, {}, tmp_path / "de")
    (event,) = [e for e in audit.events("LURE-2") if e.node == "extract"]
    assert event.payload["tagger_values"] == 0  # trained on English records only
    audit.close()


async def test_the_node_reads_no_value_from_inside_the_brand_s_name(tmp_path: Path) -> None:
    oats = Product(
        sku="OATS-1",
        title="Bob's Red Mill Steel Cut Oats, 24 Ounce",
        description="Whole grain steel cut oats.",
        brand="Bob's Red Mill",
        category="Cereal",
    )
    out, audit = await run_graph(oats, {"Color": "Red"}, tmp_path)  # the model reads "Red"
    facts = {(a["name"], a["value"]) for a in out["attributes"]}
    assert not {name for name, _ in facts if name.lower() == "color"}
    assert ("brand", "Bob's Red Mill") in facts
    audit.close()
