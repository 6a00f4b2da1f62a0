import pytest
from langchain_core.language_models.fake import FakeListLLM

from listingsmith.config import Sampling
from listingsmith.serving.client import ModelClient, ModelOutputError

SCHEMA = {"type": "object"}


async def test_answer_is_parsed_and_counted() -> None:
    client = ModelClient(FakeListLLM(responses=['{"title": "x"}']), "fake", 2)
    answer = await client.complete_json("draft", "prompt", SCHEMA, Sampling())
    assert answer.data == {"title": "x"}
    assert client.usage.calls == 1 and "draft" in client.usage.by_task


@pytest.mark.parametrize("text", ["not json", "[1, 2]"])
async def test_unparseable_answer_is_a_model_output_error(text: str) -> None:
    client = ModelClient(FakeListLLM(responses=[text]), "fake", 2)
    with pytest.raises(ModelOutputError):
        await client.complete_json("draft", "prompt", SCHEMA, Sampling())
