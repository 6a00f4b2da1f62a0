"""LoRA adapters: server flags, the task -> adapter map, and which model each request names."""

from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import Field

from listingsmith.config import Settings
from listingsmith.graph import build_graph
from listingsmith.nodes import extract as extract_node
from listingsmith.nodes.deps import Deps
from listingsmith.serving.adapters import lora_module_args, shipped_adapters, task_models
from listingsmith.serving.client import ModelClient
from listingsmith.serving.profiles import get_profile
from tests.unit.fakes import BOTTLE, CATEGORY_END, EN_GOOD, EXTRACTION_END, FakeModel, fake_model


class RecordingModel(FakeModel):
    """A FakeModel that notes the `model` each request names (None: the client's default)."""

    asked: list[tuple[str, str | None]] = Field(default_factory=list)

    def _call(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        kinds = {EXTRACTION_END: "extract", CATEGORY_END: "categorize"}
        kind = next((k for end, k in kinds.items() if prompt.endswith(end)), "draft")
        self.asked.append((kind, kwargs.get("model")))
        return super()._call(prompt, *args, **kwargs)


def test_shipped_adapters_are_peft_folders_with_cards() -> None:
    shipped = shipped_adapters()
    assert {"extract", "draft"} <= set(shipped)
    for folder in shipped.values():
        assert (folder / "adapter_model.safetensors").stat().st_size < 8_000_000
        assert (folder / "card.json").is_file()


def test_lora_modules_for_a_profile_with_adapters_and_a_clear_error_for_a_missing_one() -> None:
    profile = get_profile("embedded-cpu").model_copy(update={"adapters": {"extract": "extract"}})
    args = lora_module_args(profile)
    assert args[0] == "--lora-modules" and f"extract={shipped_adapters()['extract']}" in args
    missing = profile.model_copy(update={"adapters": {"voice": "no-such-adapter"}})
    with pytest.raises(ValueError, match="no-such-adapter"):
        lora_module_args(missing)
    assert lora_module_args(get_profile("production")) == []


def test_task_models_from_settings_override_the_profile() -> None:
    assert task_models(Settings(adapters={})) == {}
    assert task_models(Settings(adapters={"extract": "x"})) == {"extract": "x"}
    assert task_models(Settings()) == get_profile("embedded-cpu").adapters


@pytest.mark.parametrize(
    ("category_id", "tasks"),
    [
        # The seller's category: no pick.
        ("hg-11-3-11", [("extract", "extract"), ("draft", "voice-acme")]),
        # No category and retrieval cannot tell: the pick has no adapter, it goes to the base.
        (None, [("extract", "extract"), ("categorize", None), ("draft", "voice-acme")]),
    ],
)
async def test_each_task_names_its_adapter_and_a_seller_gets_their_voice(
    category_id: str | None, tasks: list[tuple[str, str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the tagger's "Product Type: Aqualo Steel Bottle" retrieval cannot tell the
    # bottle's category, so the pick (a model call) is made: the routing under test.
    monkeypatch.setattr(extract_node, "tagged_attributes", lambda *args, **kwargs: [])
    model = RecordingModel(responses=fake_model([EN_GOOD]).responses)
    client = ModelClient(model, "base", 2, {"extract": "extract", "draft": "draft"})
    settings = Settings(seller_voices={"acme": "voice-acme"})
    product = BOTTLE.model_copy(update={"seller": "acme", "category_id": category_id})
    graph = build_graph().compile(checkpointer=InMemorySaver())
    state = {"run_id": "run", "product": product.model_dump(mode="json"), "locales": ["en-US"]}
    out = await graph.ainvoke(
        state, {"configurable": {"thread_id": "t"}}, context=Deps(settings, client)
    )
    listing = out["results"]["en-US"]["listing"]
    # The voice wrote the model's prose (title, bullets and keywords are composed from data).
    assert listing["description"] == EN_GOOD["description"]
    assert listing["origins"]["description"] == "model"
    assert {listing["origins"][f] for f in ("title", "bullets[0]", "keywords")} == {"data"}
    assert model.asked == tasks
    assert client.model_for("draft") == "draft" and client.model_for("rewrite") == "base"


@pytest.mark.parametrize(("tenant", "voice"), [("globex", "draft"), ("acme", "voice-acme")])
async def test_a_service_job_gets_its_tenants_voice_never_the_one_a_record_names(
    tenant: str, voice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A globex job's record naming "seller": "acme" was drafted by acme's voice adapter,
    # trained on acme's own listings.
    monkeypatch.setattr(extract_node, "tagged_attributes", lambda *args, **kwargs: [])
    model = RecordingModel(responses=fake_model([EN_GOOD]).responses)
    client = ModelClient(model, "base", 2, {"extract": "extract", "draft": "draft"})
    settings = Settings(seller_voices={"acme": "voice-acme"})
    product = BOTTLE.model_copy(update={"seller": "acme"})
    graph = build_graph().compile(checkpointer=InMemorySaver())
    state = {"run_id": "run", "product": product.model_dump(mode="json"), "locales": ["en-US"]}
    deps = Deps(settings, client, tenant=tenant)
    await graph.ainvoke(state, {"configurable": {"thread_id": "t"}}, context=deps)
    assert ("draft", voice) in model.asked, model.asked
