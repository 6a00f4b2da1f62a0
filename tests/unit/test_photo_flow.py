"""Photos in the flow: image parts in the model requests, photo values fused, and a photo that
contradicts the seller holding the listing for a person with the conflict shown."""

import asyncio
import json
from collections.abc import Awaitable
from pathlib import Path

import httpx
from langchain_openai import ChatOpenAI
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from listingsmith.attributes.fusion import CONFLICT_RULE
from listingsmith.attributes.photo_model import photo_answer_attributes, photo_names
from listingsmith.config import Settings
from listingsmith.graph import build_graph
from listingsmith.nodes.deps import Deps
from listingsmith.serving.client import ModelClient
from tests.unit.fakes import BOTTLE, EN_GOOD, fake_deps
from tests.unit.test_photo import red_square_on_white

CONFIG = {"configurable": {"thread_id": "run:BOTTLE-1"}}


class ChatServer:
    """An OpenAI chat endpoint in-process (httpx MockTransport): records each request body and
    answers the photo prompt ($color: the schema's colour key), the draft prompt and anything
    else (text extraction)."""

    def __init__(self, photo_answer: str) -> None:
        self.photo_answer = photo_answer
        self.bodies: list[dict] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        text = self.text_of(body)
        if "Look at the product photo" in text:
            names = body["response_format"]["json_schema"]["schema"]["properties"]
            answer = self.photo_answer.replace(
                "$color", next(n for n in names if n.lower() == "color")
            )
        elif text.rstrip().endswith("Listing:"):
            answer = json.dumps(EN_GOOD)
        else:
            answer = "{}"
        return httpx.Response(
            200,
            json={
                "id": "chat-1",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": answer},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
            },
        )

    @staticmethod
    def text_of(body: dict) -> str:
        content = body["messages"][0]["content"]
        if isinstance(content, str):
            return content
        return "".join(part.get("text", "") for part in content)

    @staticmethod
    def images_of(body: dict) -> list[str]:
        content = body["messages"][0]["content"]
        if isinstance(content, str):
            return []
        return [p["image_url"]["url"] for p in content if p["type"] == "image_url"]

    def respond(self, request: httpx.Request) -> httpx.Response | Awaitable[httpx.Response]:
        return self.handle(request)

    def deps(self, **settings: object) -> Deps:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.respond))
        llm = ChatOpenAI(
            model="tiny-vlm", base_url="http://model.test/v1", api_key="x", http_async_client=http
        )
        return Deps(Settings(profile="tiny-vlm-test", **settings), ModelClient(llm, "tiny-vlm", 4))


class MeetingServer(ChatServer):
    """Holds the text-extraction request until the photo request arrives (at most 5 s) and
    records whether they met: both in flight at once."""

    def __init__(self, photo_answer: str) -> None:
        super().__init__(photo_answer)
        self.photo_arrived = asyncio.Event()
        self.met: bool | None = None

    async def respond(self, request: httpx.Request) -> httpx.Response:
        text = self.text_of(json.loads(request.content))
        if "Look at the product photo" in text:
            self.photo_arrived.set()
        elif not text.rstrip().endswith("Listing:") and self.met is None:
            try:
                await asyncio.wait_for(self.photo_arrived.wait(), timeout=5)
                self.met = True
            except TimeoutError:
                self.met = False
        return self.handle(request)


def start(photo: Path) -> dict:
    product = BOTTLE.model_copy(update={"images": [str(photo)]})
    return {"run_id": "run", "product": product.model_dump(mode="json"), "locales": ["en-US"]}


async def test_a_multimodal_model_gets_the_photo_and_a_contradiction_holds_the_listing(
    tmp_path: Path,
) -> None:
    photo = red_square_on_white(tmp_path / "red.jpg")
    server = ChatServer('{"$color": "red"}')
    deps = server.deps()
    graph = build_graph().compile(checkpointer=InMemorySaver())
    out = await graph.ainvoke(start(photo), CONFIG, context=deps)

    with_images = [b for b in server.bodies if server.images_of(b)]
    assert [server.text_of(b).rstrip().endswith("Listing:") for b in with_images] == [False, True]
    assert all(
        url.startswith("data:image/jpeg;base64,")
        for b in with_images
        for url in server.images_of(b)
    )
    assert with_images[0]["response_format"]["type"] == "json_schema"
    snapshot = await graph.aget_state(CONFIG)
    colours = {
        (a["value"], a["source"], a["confidence"])
        for a in snapshot.values["attributes"]
        if a["name"].lower() == "color"
    }
    # The pixels agree with the photo model: one value, the model's, more sure.
    assert colours == {("blue", "seller", 1.0), ("red", "photo-model", 0.6)}

    (pending,) = out["__interrupt__"]
    (conflict,) = pending.value["conflicts"]
    assert conflict["kind"] == "photo" and conflict["values"][0]["value"] == "blue"
    held = [f for f in pending.value["findings"] if f["rule_id"] == CONFLICT_RULE]
    assert held and held[0]["severity"] == "block"

    decision = {"action": "approve", "reviewer": "ana", "reason": "the photo is of the red one"}
    done = await graph.ainvoke(Command(resume={pending.id: decision}), CONFIG, context=deps)
    result = done["results"]["en-US"]["decision"]
    assert result["status"] == "approved" and result["reviewer"] == "ana"
    assert CONFLICT_RULE in [f["rule_id"] for f in result["findings"]]


async def test_the_text_and_photo_readings_are_asked_at_once(tmp_path: Path) -> None:
    server = MeetingServer('{"$color": "red"}')
    graph = build_graph().compile(checkpointer=InMemorySaver())
    await graph.ainvoke(
        start(red_square_on_white(tmp_path / "red.jpg")), CONFIG, context=server.deps()
    )
    assert server.met is True


async def test_an_unparseable_photo_answer_costs_only_the_photo_values(tmp_path: Path) -> None:
    photo = red_square_on_white(tmp_path / "red.jpg")
    server = ChatServer("I see a red thing")
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = server.deps(model_output_retries=1, conflict_hold_confidence=0.9)
    out = await graph.ainvoke(start(photo), CONFIG, context=deps)
    photo_requests = [b for b in server.bodies if "Look at the product photo" in server.text_of(b)]
    assert len(photo_requests) == 2  # the first answer and one resample
    assert out["results"]["en-US"]["decision"]["status"] in ("approved", "fixed")
    snapshot = await graph.aget_state(CONFIG)
    assert "photo-model" not in {a["source"] for a in snapshot.values["attributes"]}


async def test_pixels_alone_contradicting_the_seller_hold_a_text_only_run(tmp_path: Path) -> None:
    photo = red_square_on_white(tmp_path / "red.jpg")
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = fake_deps([EN_GOOD])  # embedded profile: not multimodal, no image parts
    out = await graph.ainvoke(start(photo), CONFIG, context=deps)
    (pending,) = out["__interrupt__"]
    assert pending.value["conflicts"][0]["values"][1]["source"] == "pixels"


async def test_a_weak_contradiction_is_a_warning_in_the_decision(tmp_path: Path) -> None:
    photo = red_square_on_white(tmp_path / "red.jpg")
    graph = build_graph().compile(checkpointer=InMemorySaver())
    deps = fake_deps([EN_GOOD], conflict_hold_confidence=0.9)
    out = await graph.ainvoke(start(photo), CONFIG, context=deps)
    decision = out["results"]["en-US"]["decision"]
    assert decision["status"] == "approved"
    (warning,) = [f for f in decision["findings"] if f["rule_id"] == CONFLICT_RULE]
    assert warning["severity"] == "warn"


def test_photo_answers_become_lexicon_colours_and_nulls_are_dropped() -> None:
    names = photo_names(["Color", "Pattern", "Size"])
    assert names == ["Color", "Pattern", "Size"]  # colour asked once, whatever its case
    found = photo_answer_attributes(
        {"Color": "Navy Blue and White", "Pattern": "not visible", "Size": None},
        names,
        ["/photos/a.jpg"],
        0.5,
    )
    assert [(a.name, a.value, a.source) for a in found] == [
        ("Color", "blue", "photo-model"),
        ("Color", "white", "photo-model"),
    ]
    assert found[0].evidence == "photo a.jpg: the model saw 'Navy Blue and White'"
