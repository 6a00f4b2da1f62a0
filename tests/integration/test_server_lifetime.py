"""The embedded vLLM server never outlives the command that started it: kill -9 of
`listingsmith model serve` takes the whole server process group along, SIGTERM stops it and
removes its pidfile, and while it runs another process reuses it instead of starting one."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from listingsmith.config import Settings
from listingsmith.serving.launch import model_endpoint
from listingsmith.serving.registry import ServerRecord
from listingsmith.serving.server import healthy
from listingsmith.serving.tether import group_members

pytestmark = pytest.mark.integration

REPO = Path(__file__).parents[2]
# vLLM's own shutdown (API server, then its engine process) after the parent is gone.
GONE_WITHIN_S = 120.0


def until(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A cache dir of its own (pidfiles, logs) that shares the converted model checkpoints."""
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "models").symlink_to(Settings().models_dir)
    return folder


@pytest.fixture
def model_serve(cache: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """`listingsmith model serve` as a process of its own; killed if a test leaves it."""
    env = {**os.environ, "LISTINGSMITH_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    with (tmp_path / "model-serve.out").open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", "from listingsmith.cli import app; app()", "model", "serve"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    yield process, tmp_path / "model-serve.out"
    if process.poll() is None:
        process.kill()
        process.wait()


def serving(cache: Path, process: subprocess.Popen[bytes], output: Path) -> ServerRecord:
    """The server's pidfile record once it answers /health."""
    deadline = time.monotonic() + Settings().server_start_timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, output.read_text(errors="replace")
        for path in (cache / "servers").glob("*.json"):
            record = ServerRecord(**json.loads(path.read_text()))
            if healthy(record.url):
                return record
        time.sleep(2)
    raise AssertionError(f"no healthy server: {output.read_text(errors='replace')}")


def test_kill_9_of_the_parent_takes_the_server_along(
    cache: Path, model_serve: tuple[subprocess.Popen[bytes], Path]
) -> None:
    process, output = model_serve
    record = serving(cache, process, output)
    assert record.owner == process.pid and record.pid in group_members(record.pid)
    with model_endpoint(Settings(cache_dir=cache, llm_url=None)) as endpoint:
        assert (endpoint.reused_pid, endpoint.url) == (record.pid, record.url)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert until(lambda: not group_members(record.pid), GONE_WITHIN_S), (
        f"left behind: {group_members(record.pid)}"
    )


def test_sigterm_to_model_serve_leaves_nothing(
    cache: Path, model_serve: tuple[subprocess.Popen[bytes], Path]
) -> None:
    process, output = model_serve
    record = serving(cache, process, output)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=GONE_WITHIN_S) == 128 + signal.SIGTERM
    assert group_members(record.pid) == []
    assert list((cache / "servers").glob("*.json")) == []
