"""LangGraph's own server (`langgraph dev`, in-memory) runs the graph from langgraph.json: the
run's context is built on the server's side (settings from the environment, one model client),
a de-DE listing is held (a food without its operator's name and address: Reg. 1169/2011) and a
reviewer's approval resumes it."""

import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from langgraph_sdk import get_client

from listingsmith.serving.launch import Endpoint
from listingsmith.serving.server import free_port
from listingsmith.serving.tether import spawn_tied, stop_group

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 180.0
RUN_TIMEOUT_S = 900.0
# Nothing outside this machine: no CLI analytics, no LangSmith tracing.
OFFLINE = {
    "LANGGRAPH_CLI_NO_ANALYTICS": "1",
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false",
}


def langgraph_command() -> str:
    """The `langgraph` console script: scripts/install.sh puts LangGraph's server in a venv of
    its own (`.venv-langgraph`, see pyproject's `langgraph` extra), else this environment's."""
    places = [ROOT / ".venv-langgraph" / "bin", Path(sys.executable).parent]
    found = next((str(p / "langgraph") for p in places if (p / "langgraph").is_file()), None)
    found = found or shutil.which("langgraph")
    if found is None:
        pytest.fail("no `langgraph` command: scripts/install.sh installs it in .venv-langgraph")
    return found


@pytest.fixture
def langgraph_server(embedded_endpoint: Endpoint, tmp_path: Path) -> Iterator[str]:
    """`langgraph dev` on a free port, its model the session's embedded vLLM server."""
    port = free_port()
    env = {
        **os.environ,
        **OFFLINE,
        "LISTINGSMITH_LLM_URL": embedded_endpoint.url,
        "LISTINGSMITH_MODEL": embedded_endpoint.model,
        "LISTINGSMITH_SERVICE_DIR": str(tmp_path / "service"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    # --allow-blocking: the nodes run their deterministic checks (and SQLite audit appends)
    # synchronously, as under `listingsmith run`.
    command = [langgraph_command(), "dev", "--no-browser", "--no-reload", "--allow-blocking"]
    command += ["--host", "127.0.0.1"]
    command += ["--port", str(port), "--config", str(ROOT / "langgraph.json")]
    log_path = tmp_path / "langgraph.log"
    with log_path.open("wb") as log:
        process = spawn_tied(command, env, log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"langgraph dev did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(1.0)
        yield url
    finally:
        stop_group(process.pid, 10.0)
        process.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/ok", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def first_example_product() -> dict:
    """The example catalogue's first record (a hot sauce) without its photo (the model reads
    text only) and without its food business operator (so its de-DE listing is held)."""
    line = (ROOT / "examples" / "catalog.jsonl").read_text(encoding="utf-8").splitlines()[0]
    record = json.loads(line)
    attributes = {
        k: v for k, v in record["attributes"].items() if not k.startswith("food business operator")
    }
    return {**record, "attributes": attributes, "images": []}


async def test_langgraph_server_runs_holds_and_resumes_a_product(langgraph_server: str) -> None:
    client = get_client(url=langgraph_server)
    graphs = {a["graph_id"] for a in await client.assistants.search()}
    assert "listingsmith" in graphs
    thread = await client.threads.create()
    product = first_example_product()
    run_input = {"run_id": "studio", "product": product, "locales": ["de-DE"]}
    await client.runs.wait(thread["thread_id"], "listingsmith", input=run_input, raise_error=True)
    state = await client.threads.get_state(thread["thread_id"])
    (held,) = state["interrupts"]
    assert held["value"]["locale"] == "de-DE"
    assert any(f["rule_id"] == "eu-food-1169.art9.operator" for f in held["value"]["findings"])
    decision = {"action": "approve", "reviewer": "ana"}
    await client.runs.wait(
        thread["thread_id"],
        "listingsmith",
        command={"resume": {held["id"]: decision}},
        raise_error=True,
    )
    final = await client.threads.get_state(thread["thread_id"])
    assert not final["interrupts"] and not final["next"]
    result = final["values"]["results"]["de-DE"]
    assert result["decision"]["status"] == "approved"
    assert result["decision"]["reviewer"] == "ana"
    assert result["listing"]["title"]
