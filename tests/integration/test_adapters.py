"""The embedded server serves the shipped LoRA adapters: a request naming one is answered by it."""

import httpx
import pytest

from listingsmith.attributes.model_extract import category_names, model_attributes
from listingsmith.config import Settings
from listingsmith.serving.adapters import shipped_adapters, task_models
from listingsmith.serving.client import ModelClient
from listingsmith.serving.launch import Endpoint
from listingsmith.serving.llm import make_llm

pytestmark = pytest.mark.integration


def test_profile_adapters_are_shipped_and_listed(embedded_endpoint: Endpoint) -> None:
    models = httpx.get(f"{embedded_endpoint.url}/models", timeout=30).json()["data"]
    served = {m["id"] for m in models}
    wanted = set(embedded_endpoint.profile.adapters.values())
    assert wanted and wanted <= set(shipped_adapters()) <= served
    assert embedded_endpoint.model in served


async def test_extract_requests_go_to_the_extract_adapter(embedded_endpoint: Endpoint) -> None:
    settings = Settings(llm_url=embedded_endpoint.url)
    llm = make_llm(
        embedded_endpoint.profile, embedded_endpoint.url, embedded_endpoint.model, settings
    )
    models = task_models(settings)
    assert models["extract"] == "extract"
    client = ModelClient(llm, embedded_endpoint.model, 2, models)
    text = "Norda Women's Trail Runner Sneaker, Ocean Blue, 8 M US"
    found = await model_attributes(
        client, text, "Shoes", category_names("Shoes"), settings.extract_sampling
    )
    values = {a.name: a.value for a in found}
    assert values.get("Brand") == "Norda"
    assert client.usage.calls >= 1 and client.model_for("extract") == "extract"
    raw = httpx.post(
        f"{embedded_endpoint.url}/completions",
        json={"model": "draft", "prompt": "Listing:", "max_tokens": 4},
        timeout=120,
    ).json()
    assert raw["model"] == "draft" and raw["usage"]["completion_tokens"] >= 1
