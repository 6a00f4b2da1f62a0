"""The throughput benchmark's parts: request recording and replay, busy time, the server's
counters, and the zero-latency model's answers."""

import json
import sys
from pathlib import Path

import httpx

from listingsmith.config import Settings
from listingsmith.domain import Draft, draft_schema
from listingsmith.nodes.writing import draft_prompt, line_prompt
from tests.unit.fakes import BOTTLE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from instant_model import InstantModel, synthetic_answer
from model_traffic import (
    PREFIX_HITS,
    PREFIX_QUERIES,
    Exchange,
    Traffic,
    answer_text,
    busy_seconds,
    hit_rate,
    prompt_key,
)
from throughput import every_kth, scaled_to_all

METRICS = """# TYPE vllm:prefix_cache_queries counter
vllm:prefix_cache_queries_total{engine="0",model_name="m"} 1000.0
# TYPE vllm:prefix_cache_hits counter
vllm:prefix_cache_hits_total{engine="0",model_name="m"} 750.0
"""


def test_busy_seconds_is_the_union_of_overlapping_requests() -> None:
    spans = [(1.0, 3.0), (2.0, 4.0), (6.0, 7.0), (6.5, 6.8)]
    assert busy_seconds(spans, 0.0, 10.0) == 4.0
    assert busy_seconds(spans, 2.5, 6.5) == 2.0  # clipped to the window
    assert busy_seconds([], 0.0, 1.0) == 0.0


async def test_traffic_keeps_each_request_body_and_answer() -> None:
    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/metrics":
            return httpx.Response(200, text=METRICS)
        prompt = json.loads(request.content)["prompt"]
        answer = {"choices": [{"text": prompt[::-1]}], "usage": {"completion_tokens": 3}}
        return httpx.Response(200, json=answer)

    traffic = Traffic()
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server), event_hooks=traffic.hooks()
    ) as http:
        body = {"model": "m", "prompt": "abc", "seed": 7}
        await http.post("http://x/v1/completions", json=body)
        await http.get("http://x/metrics")
    (exchange,) = traffic.exchanges  # the metrics read is not a model request
    assert json.loads(exchange.body) == body
    assert prompt_key(exchange) == ("abc", 7) and answer_text(exchange) == "cba"
    assert traffic.completion_tokens() == 3 and exchange.ended >= exchange.started


def test_chat_requests_are_keyed_by_their_text() -> None:
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "image_url", "image_url": {"url": "data:,"}},
                {"type": "text", "text": "Describe"},
            ],
        }
    ]
    body = json.dumps({"messages": messages, "seed": 1}).encode()
    answer = {"choices": [{"message": {"content": "{}"}}]}
    exchange = Exchange("http://x/v1/chat/completions", body, 0.0, 1.0, answer)
    assert prompt_key(exchange) == ("Describe", 1) and answer_text(exchange) == "{}"


def test_hit_rate_from_counters() -> None:
    before = {PREFIX_QUERIES: 200.0, PREFIX_HITS: 100.0}
    after = {PREFIX_QUERIES: 1200.0, PREFIX_HITS: 850.0}
    assert hit_rate(before, after) == 0.75
    assert hit_rate(after, after) is None


def test_instant_model_answers_valid_drafts_and_replays_recorded_ones() -> None:
    limits = Settings().listing_limits
    prompt = draft_prompt(BOTTLE, [], [])
    data = json.loads(synthetic_answer(prompt, limits))
    draft = Draft(**data)
    schema = draft_schema(**limits.model_dump())
    assert len(draft.title) <= schema["properties"]["title"]["maxLength"]
    assert draft.title == BOTTLE.title
    line = line_prompt("de", "Keeps drinks cold")
    assert synthetic_answer(line, limits).strip() == "Keeps drinks cold"

    model = InstantModel(answers={(line, 7): " Hält kalt"}, limits=limits)
    assert model.invoke(line, seed=7) == " Hält kalt"
    assert model.invoke(line, seed=8).strip() == "Keeps drinks cold"
    assert (model.replayed, model.synthesized) == (1, 1)


def test_the_one_at_a_time_arm_is_extended_to_all_requests_by_tokens() -> None:
    def sent(start: float, tokens: int) -> Exchange:
        answer = {"usage": {"completion_tokens": tokens}}
        return Exchange("http://x/v1/completions", b"{}", start, start + 1, answer)

    exchanges = [sent(float(i), 10 if i % 2 else 30) for i in reversed(range(8))]
    part = every_kth(exchanges, 0.25)
    assert [e.started for e in part] == [0.0, 4.0]  # in the order sent, every 4th
    figures = scaled_to_all({"wall_s": 6.0, "listings_per_s": 1.0}, part, exchanges, 4)
    assert figures["wall_s"] == 16.0  # 60 of 160 tokens took 6 s
    assert figures["measured_wall_s"] == 6.0 and figures["listings_per_s"] == 0.25
    assert scaled_to_all({"wall_s": 6.0}, exchanges, exchanges, 4) == {"wall_s": 6.0}
