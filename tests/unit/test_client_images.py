"""Image parts in model requests: the message the client builds, and who may get one."""

import json

import httpx
import pytest
from langchain_core.language_models.fake import FakeListLLM
from langchain_openai import ChatOpenAI
from pydantic import ValidationError

from listingsmith.config import Sampling
from listingsmith.serving.client import ModelClient, ModelOutputError, user_message
from listingsmith.serving.profiles import Profile, load_profiles

PHOTO = "data:image/jpeg;base64,/9j/AAAA"
SCHEMA = {"type": "object"}


def test_a_prompt_with_photos_is_image_parts_then_the_text() -> None:
    message = user_message("what colour?", [PHOTO, PHOTO])
    assert message.content == [
        {"type": "image_url", "image_url": {"url": PHOTO}},
        {"type": "image_url", "image_url": {"url": PHOTO}},
        {"type": "text", "text": "what colour?"},
    ]
    assert user_message("what colour?").content == "what colour?"


async def test_the_chat_request_body_carries_the_image_and_the_schema() -> None:
    bodies: list[dict] = []

    def handle(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(
            200,
            json={
                "id": "1",
                "object": "chat.completion",
                "created": 0,
                "model": "m",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "not json"},
                        "finish_reason": "length",
                    }
                ],
                "usage": {"prompt_tokens": 30, "completion_tokens": 4, "total_tokens": 34},
            },
        )

    http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    llm = ChatOpenAI(
        model="m", base_url="http://model.test/v1", api_key="x", http_async_client=http
    )
    client = ModelClient(llm, "m", 2)
    with pytest.raises(
        ModelOutputError, match=r"photo: model answer is not JSON \(hit max_tokens\)"
    ):
        await client.complete_json("photo", "what colour?", SCHEMA, Sampling(), images=[PHOTO])
    (body,) = bodies
    (message,) = body["messages"]
    assert message["role"] == "user"
    assert message["content"][0] == {"type": "image_url", "image_url": {"url": PHOTO}}
    assert message["content"][1] == {"type": "text", "text": "what colour?"}
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert client.usage.calls == 1 and client.usage.prompt_tokens == 30


async def test_a_completions_model_refuses_images() -> None:
    client = ModelClient(FakeListLLM(responses=["{}"]), "fake", 2)
    with pytest.raises(ValueError, match="images need a chat model"):
        await client.complete_json("photo", "p", SCHEMA, Sampling(), images=[PHOTO])


def test_multimodal_profiles_match_their_servers_image_limit() -> None:
    profiles = load_profiles()
    assert not profiles["embedded-cpu"].multimodal
    for name in ("production", "tiny-vlm-test"):
        profile = profiles[name]
        limit = next(a for a in profile.args if a.startswith("--limit-mm-per-prompt="))
        assert profile.multimodal and profile.api == "chat"
        assert json.loads(limit.split("=", 1)[1]) == {"image": profile.max_images}


def test_a_multimodal_completions_profile_is_refused() -> None:
    with pytest.raises(ValidationError, match="multimodal needs api chat"):
        Profile(
            name="x",
            description="x",
            served_model_name="x",
            api="completions",
            multimodal=True,
            max_images=1,
        )
