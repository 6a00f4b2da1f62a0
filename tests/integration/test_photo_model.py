"""Photos through vLLM's real image path: the tiny random VLM's text is noise by design, so these
tests check the plumbing (image tokens in the prompt) and that a bad answer is a clear error."""

import json
import time
from pathlib import Path

import httpx
import pytest
from langgraph.runtime import Runtime

from listingsmith.attributes.model_extract import category_names, extraction_schema
from listingsmith.attributes.photo_model import photo_names, photo_prompt
from listingsmith.config import Sampling, Settings
from listingsmith.domain import Product
from listingsmith.nodes.deps import Deps
from listingsmith.nodes.draft import draft
from listingsmith.nodes.extract import extract
from listingsmith.nodes.writing import draft_prompt, write_listing
from listingsmith.serving.client import ModelClient, ModelOutputError
from listingsmith.serving.launch import Endpoint
from listingsmith.serving.llm import make_llm
from listingsmith.serving.tiny_vlm import IMAGE_TOKENS
from tests.unit.fakes import BOTTLE
from tests.unit.test_photo import red_square_on_white

pytestmark = pytest.mark.integration

# The chat template puts a newline after each image placeholder; BPE may merge one more token.
TEMPLATE_TOKENS = 2


class Traffic:
    """Every chat request this test sends: whether it had an image, and its prompt tokens."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []  # (images, prompt_tokens)

    async def on_response(self, response: httpx.Response) -> None:
        content = json.loads(response.request.content)["messages"][0]["content"]
        images = 0 if isinstance(content, str) else sum(p["type"] == "image_url" for p in content)
        await response.aread()
        usage = response.json().get("usage") or {}
        self.calls.append((images, usage.get("prompt_tokens", 0)))


def setup(endpoint: Endpoint, **settings: object) -> tuple[Settings, ModelClient, Traffic]:
    traffic = Traffic()
    http = httpx.AsyncClient(event_hooks={"response": [traffic.on_response]})
    settings_ = Settings(
        profile="tiny-vlm-test", llm_url=endpoint.url, model=endpoint.model, **settings
    )
    llm = make_llm(endpoint.profile, endpoint.url, endpoint.model, settings_, http)
    return settings_, ModelClient(llm, endpoint.model, 2), traffic


def image_tokens(traffic: Traffic) -> int:
    """Prompt tokens of the request with the photo less those of the same text without it."""
    with_photo = [tokens for images, tokens in traffic.calls if images == 1]
    without = [tokens for images, tokens in traffic.calls if images == 0]
    return with_photo[0] - without[0]


def product_state(photo: Path) -> dict:
    product = BOTTLE.model_copy(update={"images": [str(photo)]})
    return {"run_id": "run", "product": product.model_dump(mode="json"), "locales": ["en-US"]}


async def test_the_extract_node_sends_the_photo_through_the_image_encoder(
    tiny_vlm_endpoint: Endpoint, tmp_path: Path
) -> None:
    settings, client, traffic = setup(tiny_vlm_endpoint)
    state = product_state(red_square_on_white(tmp_path / "a.jpg"))
    started = time.perf_counter()
    update = await extract(state, Runtime(context=Deps(settings, client)))
    seconds = time.perf_counter() - started
    # The text model's requests have no image; the photo model's have the photo.
    assert {images for images, _ in traffic.calls} == {0, 1}
    sources = {a["source"] for a in update["attributes"]}
    assert "pixels" in sources or "photo-model" in sources  # red agrees: one value, best source
    # The photo prompt again without the photo, for the prompt-token comparison.
    product = Product(**state["product"])
    asked = photo_names(category_names(product.category))
    photo_calls = [c for c in traffic.calls if c[0] == 1]
    traffic.calls = photo_calls[:1]
    with pytest.raises(ModelOutputError, match="hit max_tokens"):
        await client.complete_json(
            "extract-photo",
            photo_prompt(product, asked),
            extraction_schema(asked, settings.extraction_limits),
            Sampling(max_tokens=1),
        )
    assert IMAGE_TOKENS <= image_tokens(traffic) <= IMAGE_TOKENS + TEMPLATE_TOKENS
    print(f"extract node with the photo: {seconds:.1f} s")


async def test_the_draft_node_sends_the_photo_and_a_cut_off_answer_is_a_clear_error(
    tiny_vlm_endpoint: Endpoint, tmp_path: Path
) -> None:
    # Eight tokens cannot close the listing's JSON: every answer is cut off.
    settings, client, traffic = setup(
        tiny_vlm_endpoint, draft_sampling=Sampling(max_tokens=8), model_output_retries=1
    )
    state = {**product_state(red_square_on_white(tmp_path / "b.jpg")), "attributes": []}
    with pytest.raises(
        ModelOutputError, match=r"draft: model answer is not JSON \(hit max_tokens\)"
    ):
        await draft(state, Runtime(context=Deps(settings, client)))
    assert [images for images, _ in traffic.calls] == [1, 1]  # the first answer and a resample
    prompt = draft_prompt(Product(**state["product"]), [], [])
    with pytest.raises(ModelOutputError):
        await write_listing(client, settings, "draft", prompt, "draft_sampling", 1)
    assert IMAGE_TOKENS <= image_tokens(traffic) <= IMAGE_TOKENS + TEMPLATE_TOKENS
