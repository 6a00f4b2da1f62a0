"""Several model servers from the settings, the environment and the CLI to the client, whose
requests (real HTTP through httpx's mock transport) go on to another server when one fails."""

import asyncio
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from listingsmith.cli import app
from listingsmith.config import PRODUCTS_PER_MODEL_SLOT, Balancing, Settings
from listingsmith.serving.client import ModelClient
from listingsmith.serving.connect import endpoint_client
from listingsmith.serving.launch import model_endpoint
from listingsmith.serving.server import answers_health

ONE, TWO = "http://one.test/v1", "http://two.test/v1"
SCHEMA = {"type": "object"}


def test_the_servers_are_llm_url_then_llm_urls_each_once() -> None:
    assert Settings().model_urls == []
    assert Settings(llm_url=ONE).model_urls == [ONE]
    assert Settings(llm_url=ONE, llm_urls=[TWO, ONE]).model_urls == [ONE, TWO]
    assert Settings(llm_urls=[TWO]).model_urls == [TWO]


def test_the_environment_names_further_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTINGSMITH_LLM_URL", ONE)
    monkeypatch.setenv("LISTINGSMITH_LLM_URLS", json.dumps([TWO]))
    monkeypatch.setenv("LISTINGSMITH_BALANCING__STRATEGY", "round-robin")
    settings = Settings()
    assert settings.model_urls == [ONE, TWO]
    assert settings.balancing.strategy == "round-robin"


def test_products_in_flight_fill_every_servers_slots() -> None:
    settings = Settings(llm_url=ONE, llm_urls=[TWO], max_model_concurrency=3)
    assert settings.product_concurrency == PRODUCTS_PER_MODEL_SLOT * 3 * 2


def test_given_servers_are_one_endpoint_and_nothing_is_started() -> None:
    with model_endpoint(Settings(llm_url=ONE, llm_urls=[TWO])) as endpoint:
        assert endpoint.urls == (ONE, TWO) and endpoint.startup_seconds is None


def test_the_cli_takes_llm_url_again_for_each_server(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Settings] = []
    monkeypatch.setattr("listingsmith.api.app.create_app", seen.append)
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: None)
    result = CliRunner().invoke(app, ["serve", "--llm-url", ONE, "--llm-url", TWO])
    assert result.exit_code == 0, result.output
    (settings,) = seen
    assert settings.model_urls == [ONE, TWO]


def completion(text: str) -> dict[str, Any]:
    return {
        "id": "1",
        "object": "text_completion",
        "created": 0,
        "model": "gemma3-270m",
        "choices": [{"index": 0, "text": text, "finish_reason": "stop", "logprobs": None}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }


class Upstreams:
    """Two fake servers behind one mock transport: `one` fails as told, `two` answers."""

    def __init__(self, one_fails: str) -> None:
        self.one_fails = one_fails
        self.hosts: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        if request.url.path.endswith("/health"):
            return httpx.Response(200)
        if request.url.host == "one.test":
            if self.one_fails == "refused":
                raise httpx.ConnectError("connection refused", request=request)
            if self.one_fails == "timeout":
                raise httpx.ReadTimeout("timed out", request=request)
            return httpx.Response(int(self.one_fails), json={"error": {"message": "no"}})
        return httpx.Response(200, json=completion('{"title": "x"}'))

    def client(self) -> ModelClient:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handle))
        settings = Settings(llm_url=ONE, llm_urls=[TWO], balancing=Balancing(cooldown_s=60))
        with model_endpoint(settings) as endpoint:
            return endpoint_client(endpoint, settings, http)


@pytest.mark.parametrize("failure", ["refused", "timeout", "503", "500"])
async def test_a_server_failure_goes_on_to_the_other_server(failure: str) -> None:
    upstreams = Upstreams(failure)
    client = upstreams.client()
    answer = await client.complete_json("draft", "prompt", SCHEMA, Settings().draft_sampling)
    assert answer.data == {"title": "x"}
    assert upstreams.hosts == ["one.test", "two.test"]
    one, two = client.pool.members
    assert not one.in_rotation and two.in_rotation
    await client.complete_json("draft", "prompt", SCHEMA, Settings().draft_sampling)
    assert upstreams.hosts[2:] == ["two.test"]  # one stays out for its cool-down


async def test_a_refused_request_is_not_sent_again_elsewhere() -> None:
    upstreams = Upstreams("400")
    client = upstreams.client()
    with pytest.raises(Exception, match="400"):
        await client.complete_json("draft", "prompt", SCHEMA, Settings().draft_sampling)
    assert upstreams.hosts == ["one.test"]
    assert all(member.in_rotation for member in client.pool.members)


def test_the_probe_asks_the_servers_health() -> None:
    class Health(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/health" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Health) as server:
        Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        assert asyncio.run(answers_health(url, 2.0))
        server.shutdown()
    assert not asyncio.run(answers_health(url, 2.0))  # nothing listens there now
