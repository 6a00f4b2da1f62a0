"""Model attribute extraction: prompt, schema, grounding of answers, retries, and the node."""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xgrammar as xgr
from langchain_core.language_models.fake import FakeListLLM
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import Field

from listingsmith.attributes.model_extract import (
    answer_attributes,
    category_names,
    extraction_prompt,
    extraction_schema,
    find_evidence,
    model_attributes,
)
from listingsmith.audit.log import AuditLog
from listingsmith.config import ExtractionLimits, Sampling, Settings
from listingsmith.domain import Attribute
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.nodes.writing import draft_prompt
from listingsmith.prompts import load_prompt, prompt_hash
from listingsmith.serving.client import ModelClient, ModelOutputError
from tests.unit.fakes import BOTTLE, EN_GOOD, FakeModel

LIMITS = ExtractionLimits()
SHOE = "Timberland Men's Radler Trail Camper Oxford,Lime,15 M US"
SHOE_NAMES = ["Brand", "Color", "Gender", "Material", "Size"]


def record_block_start(prompt: str) -> int:
    return prompt.rindex("\n\nCategory: ")


def test_prompt_is_deterministic_with_the_record_last() -> None:
    prompt = extraction_prompt(SHOE, "Shoes", SHOE_NAMES)
    assert prompt == extraction_prompt(SHOE, "Shoes", SHOE_NAMES)
    assert prompt[record_block_start(prompt) :] == (
        f"\n\nCategory: Shoes\nText: {SHOE}\nAttributes: Brand; Color; Gender; Material; Size"
        "\nJSON: "
    )


def test_prompt_prefix_is_identical_across_records() -> None:
    one = extraction_prompt(SHOE, "Shoes", SHOE_NAMES)
    two = extraction_prompt("Xerox toner\ncartridge, black", None, ["Brand", "Color(s)"])
    start = record_block_start(one)
    assert start == record_block_start(two)
    assert one[:start] == two[:start]
    assert two.endswith(
        "Category: unknown\nText: Xerox toner cartridge, black\nAttributes: Brand; Color(s)\nJSON: "
    )


def test_prompt_clips_long_text_at_a_word() -> None:
    limits = ExtractionLimits(text_chars=20)
    prompt = extraction_prompt("alpha beta gamma delta epsilon", "Shoes", ["Brand"], limits)
    assert "\nText: alpha beta gamma\n" in prompt


def test_examples_teach_copying_values_written_in_their_text() -> None:
    for example in load_prompt("extract")["examples"]:
        schema = extraction_schema(list(example["answer"]))
        jsonschema.validate(example["answer"], schema)
        for value in example["answer"].values():
            assert value is None or find_evidence(value, example["text"]), value


def test_schema_has_exactly_the_names_each_a_short_string_or_null() -> None:
    schema = extraction_schema(["Brand", "Color(s)", "Brand", " "])
    assert list(schema["properties"]) == ["Brand", "Color(s)"]
    assert schema["required"] == ["Brand", "Color(s)"]
    jsonschema.validate({"Brand": "Xerox", "Color(s)": None}, schema)
    too_long = "x" * (LIMITS.value_chars + 1)
    for bad in (
        {"Brand": "Xerox"},
        {"Brand": "Xerox", "Color(s)": None, "Size": "M"},
        {"Brand": too_long, "Color(s)": None},
        {"Brand": "", "Color(s)": None},
        {"Brand": 3, "Color(s)": None},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def served_grammar(schema: dict) -> xgr.CompiledGrammar:
    """The schema compiled as the server compiles it (xgrammar, no whitespace, compact)."""
    compiler = xgr.GrammarCompiler(xgr.TokenizerInfo(["<eos>", "a"], stop_token_ids=[0]))
    return compiler.compile_json_schema(
        json.dumps(schema), any_whitespace=False, separators=(",", ":")
    )


@pytest.mark.parametrize(
    ("answer", "fits"),
    [
        ('{"Size":"15 M US","Color":null}', True),
        ('{"Size":"' + "x" * LIMITS.value_chars + '","Color":null}', True),
        ('{"Size":"' + "x" * (LIMITS.value_chars + 1), False),
        ('{"Size":"","Color":null}', False),
        ('{"Color":null,"Size":null}', False),  # the names' order
        ('{"Size":null,"Color":null,"Other":null}', False),
        ('{"Size": null', False),  # no whitespace
    ],
)
def test_the_server_grammar_holds_answers_to_the_schema(answer: str, fits: bool) -> None:
    matcher = xgr.GrammarMatcher(served_grammar(extraction_schema(["Size", "Color"])))
    assert matcher.accept_string(answer) is fits


def test_answer_keeps_grounded_values_with_their_evidence() -> None:
    data = {"Brand": "timberland", "Color": "N/A", "Gender": None, "Size": "15  m us"}
    found = answer_attributes(data, SHOE, ["Brand", "Color", "Gender", "Size"])
    assert [(a.name, a.value, a.evidence) for a in found] == [
        ("Brand", "timberland", "Timberland"),
        ("Size", "15 m us", "15 M US"),
    ]
    assert all(a.source == "text-model" for a in found)
    assert all(a.confidence == LIMITS.grounded_confidence for a in found)


def test_answer_keeps_ungrounded_values_with_low_confidence_and_no_evidence() -> None:
    found = answer_attributes({"Material": "Leather", "Color": "Lim"}, SHOE, ["Material", "Color"])
    assert [(a.value, a.evidence, a.confidence) for a in found] == [
        ("Leather", None, LIMITS.ungrounded_confidence),
        ("Lim", None, LIMITS.ungrounded_confidence),  # a word's prefix is not evidence
    ]


def test_answer_ignores_names_not_asked_and_values_that_are_not_text() -> None:
    data = {"Brand": "Timberland", "Other": "Oxford", "Size": 15, "Waterproof": True}
    found = answer_attributes(data, SHOE, ["Brand", "Size", "Waterproof"])
    assert [(a.name, a.value) for a in found] == [("Brand", "Timberland"), ("Size", "15")]


def test_category_names_exact_then_ignoring_case_then_default() -> None:
    assert "Size" in category_names("Shoes")
    assert category_names("shoes") == category_names("Shoes")
    default = category_names("No Such Category")
    assert default == category_names(None) and "Brand" in default


class RecordingFake(FakeListLLM):
    """FakeListLLM that keeps the sampling arguments of each call."""

    calls: list[dict[str, Any]] = Field(default_factory=list)

    async def _acall(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        self.calls.append(kwargs)
        return self._call(prompt, *args, **kwargs)


async def test_a_non_json_answer_is_sampled_again() -> None:
    llm = RecordingFake(responses=['{"Brand":"Timb', json.dumps({"Brand": "Timberland"})])
    client = ModelClient(llm, "fake", 2)
    sampling = Sampling(temperature=0.0, seed=7)
    found = await model_attributes(client, SHOE, "Shoes", ["Brand"], sampling, retries=1)
    assert [(a.name, a.value) for a in found] == [("Brand", "Timberland")]
    assert client.usage.calls == 2
    assert [(c["temperature"], c["seed"]) for c in llm.calls] == [
        (0.0, 7),
        (LIMITS.retry_temperature, 8),
    ]


async def test_retries_exhausted_raises_the_output_error() -> None:
    client = ModelClient(FakeListLLM(responses=["not json"]), "fake", 2)
    with pytest.raises(ModelOutputError, match="extract"):
        await model_attributes(client, SHOE, "Shoes", ["Brand"], Sampling(), retries=2)
    assert client.usage.calls == 3


async def test_no_names_means_no_model_call() -> None:
    client = ModelClient(FakeListLLM(responses=["{}"]), "fake", 2)
    assert await model_attributes(client, SHOE, "Shoes", [" "], Sampling()) == []
    assert client.usage.calls == 0


async def test_extract_node_adds_grounded_model_values_and_audits_the_call(
    tmp_path: Path,
) -> None:
    answer = {"Brand": "Aqualo", "Color": "red", "Product Type": "Bottle", "Size": None}
    model = FakeModel(responses=[json.dumps(EN_GOOD)], extractions=[json.dumps(answer)])
    audit = AuditLog(tmp_path / "audit.sqlite")
    deps = Deps(Settings(), ModelClient(model, "fake-model", 4), audit)
    graph = build_graph().compile(checkpointer=InMemorySaver())
    state = {"run_id": "run", "product": BOTTLE.model_dump(mode="json"), "locales": ["en-US"]}
    out = await graph.ainvoke(state, {"configurable": {"thread_id": "t"}}, context=deps)

    by_name = {(a["name"], a["value"]): a for a in out["attributes"]}
    assert by_name[("Product Type", "Bottle")]["source"] == "text-model"
    assert by_name[("Product Type", "Bottle")]["evidence"] == "Bottle"
    assert ("Color", "red") not in by_name  # not written in the text: not a product fact
    assert by_name[("brand", "Aqualo")]["source"] == "seller"

    (event,) = [e for e in audit.events("BOTTLE-1") if e.node == "extract"]
    text = "Aqualo Steel Bottle 750 ml. Keeps drinks cold for 24 h"
    prompt = extraction_prompt(text, None, category_names(None))
    assert event.payload["prompt_hash"] == prompt_hash(prompt)
    assert event.payload["model_id"] == "fake-model"
    assert event.payload["model_values"] == 3
    assert event.payload["model_values_ungrounded"] == 1
    audit.close()


async def test_extract_node_goes_on_without_model_values_when_no_answer_parses(
    tmp_path: Path,
) -> None:
    model = FakeModel(responses=[json.dumps(EN_GOOD)], extractions=["{"] * 3)
    audit = AuditLog(tmp_path / "audit.sqlite")
    deps = Deps(Settings(), ModelClient(model, "fake-model", 4), audit)
    graph = build_graph().compile(checkpointer=InMemorySaver())
    state = {"run_id": "run", "product": BOTTLE.model_dump(mode="json"), "locales": ["en-US"]}
    out = await graph.ainvoke(state, {"configurable": {"thread_id": "t"}}, context=deps)
    assert out["results"]["en-US"]["decision"]["status"] == "approved"
    # No model value: only the seller, the patterns and the tagger speak.
    assert {a["source"] for a in out["attributes"]} == {"seller", "text", "text-tagger"}
    (event,) = [e for e in audit.events("BOTTLE-1") if e.node == "extract"]
    assert "not JSON" in event.payload["model_error"]
    # the extraction and its 2 retries, the draft (the category is the seller's: no pick)
    assert deps.client.usage.calls == 3 + 1
    audit.close()


def test_the_draft_prompt_leaves_out_values_read_from_the_text() -> None:
    read = Attribute(
        name="Product Type", value="Bottle", source="text-model", evidence="Bottle", confidence=0.3
    )
    seller = Attribute(name="color", value="blue", source="seller", confidence=1.0)
    prompt = draft_prompt(BOTTLE, [read, seller], [])
    facts = prompt[prompt.rindex("Facts:") :]
    assert "- color: blue" in facts and "Product Type" not in facts


@pytest.mark.parametrize(
    ("answer", "fits"),
    [
        ('{"Neckline":"V-Neck","Brand":"Acme"}', True),
        ('{"Neckline":null,"Brand":null}', True),
        ('{"Neckline":"Crew Neck","Brand":null}', True),
        ('{"Neckline":"v-neck","Brand":null}', False),  # not a value of the set
        ('{"Neckline":"Boat Neck","Brand":null}', False),
    ],
)
def test_the_grammar_holds_a_closed_attribute_to_its_value_set(answer: str, fits: bool) -> None:
    schema = extraction_schema(["Neckline", "Brand"], category="Shirts & Tops")
    assert "V-Neck" in schema["properties"]["Neckline"]["anyOf"][0]["enum"]
    assert "enum" not in schema["properties"]["Brand"]["anyOf"][0]  # open: free text
    matcher = xgr.GrammarMatcher(served_grammar(schema))
    assert matcher.accept_string(answer) is fits
