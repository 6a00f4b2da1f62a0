"""Two model servers, one the real vLLM and one a closed port: every request is answered, the
dead one is taken out, and it comes back once something serves on its port (the same vLLM
behind a TCP proxy started there later)."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from listingsmith.config import Balancing, Sampling, Settings
from listingsmith.serving.connect import endpoint_client
from listingsmith.serving.launch import Endpoint, model_endpoint
from listingsmith.serving.server import free_port

pytestmark = pytest.mark.integration
COOL_S = 1.0
PROMPT = "English: good morning\nGerman:"
SHORT = Sampling(temperature=0.0, max_tokens=6)


@asynccontextmanager
async def tcp_proxy(port: int, target: int) -> AsyncIterator[list[int]]:
    """127.0.0.1:port forwarding every connection to 127.0.0.1:target; yields a list that
    counts the connections made."""
    connections: list[int] = []

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def forward(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        connections.append(1)
        server_r, server_w = await asyncio.open_connection("127.0.0.1", target)
        await asyncio.gather(pipe(client_r, server_w), pipe(server_r, client_w))

    server = await asyncio.start_server(forward, "127.0.0.1", port)
    async with server:
        yield connections


async def test_a_dead_server_is_taken_out_and_comes_back(embedded_endpoint: Endpoint) -> None:
    dead = free_port()  # nothing listens there: connections are refused
    settings = Settings(
        llm_url=f"http://127.0.0.1:{dead}/v1",
        llm_urls=[embedded_endpoint.url],
        max_model_concurrency=2,
        balancing=Balancing(cooldown_s=COOL_S),
    )
    with model_endpoint(settings) as endpoint:
        client = endpoint_client(endpoint, settings)
    gone, live = client.pool.members

    answers = await asyncio.gather(
        *(client.complete_line("localize", PROMPT, SHORT) for _ in range(4))
    )
    assert all(answer.text for answer in answers)  # every request answered, by the live one
    assert gone.failures >= 1 and not gone.in_rotation
    assert live.sent == 4 and live.failures == 0

    vllm_port = httpx.URL(embedded_endpoint.url).port
    assert vllm_port is not None
    async with tcp_proxy(dead, vllm_port) as connections:
        await asyncio.sleep(COOL_S * 1.5)
        await client.complete_line("localize", PROMPT, SHORT)  # starts the probe
        for _ in range(50):  # the probe's GET /health through the proxy
            if gone.in_rotation:
                break
            await asyncio.sleep(0.1)
        assert gone.in_rotation
        sent_before = gone.sent
        answers = await asyncio.gather(
            *(client.complete_line("localize", PROMPT, SHORT) for _ in range(4))
        )
        assert all(answer.text for answer in answers)
        assert gone.sent >= sent_before + 2  # back in rotation: it takes its share
        assert len(connections) >= 2  # the probe and at least one request went through
