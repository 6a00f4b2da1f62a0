"""Model server lifetime with `sleep` standing in for vLLM: a tied child dies with its parent
(kill -9 included) and leads its own process group; the pidfile registry reuses a live server
of the same model, drops dead records and reaps orphans."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from listingsmith.serving import registry as registry_module
from listingsmith.serving.profiles import get_profile
from listingsmith.serving.registry import ServerRegistry
from listingsmith.serving.server import VllmServer
from listingsmith.serving.tether import group_members, spawn_tied, start_time, stop_group

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")

FINGERPRINT = "f" * 64
URL = "http://127.0.0.1:9/v1"

# A parent that starts a tied `sleep` and waits.
TIED_PARENT = """
import os, subprocess, time
from listingsmith.serving.tether import spawn_tied
child = spawn_tied(["sleep", "600"], os.environ, subprocess.DEVNULL)
print(child.pid, flush=True)
time.sleep(600)
"""
# A parent from before this fix: its `sleep` is not tied, and it records it as its server.
UNTIED_PARENT = """
import subprocess, sys, time
from pathlib import Path
from listingsmith.serving.registry import ServerRegistry
server = subprocess.Popen(["sleep", "600"], start_new_session=True)
with ServerRegistry(Path(sys.argv[1])).registered("f" * 64, "http://127.0.0.1:9/v1", server.pid):
    print(server.pid, flush=True)
    time.sleep(600)
"""


def until(condition: Callable[[], bool], timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def parent_of_a_sleep(script: str, *args: str) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    parent = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    assert parent.stdout is not None
    return parent, int(parent.stdout.readline())


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    child = spawn_tied(["sleep", "600"], os.environ, subprocess.DEVNULL)
    yield child
    stop_group(child.pid, 5)
    child.wait()


def test_a_tied_child_dies_when_its_parent_is_killed_hard() -> None:
    parent, child = parent_of_a_sleep(TIED_PARENT)
    assert start_time(child) is not None
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert until(lambda: start_time(child) is None), f"sleep {child} outlived its parent"


def test_a_tied_child_leads_its_own_group(sleeper: subprocess.Popen[bytes]) -> None:
    assert os.getpgid(sleeper.pid) == sleeper.pid != os.getpgid(0)
    assert group_members(sleeper.pid) == [sleeper.pid]
    stop_group(sleeper.pid, 5)
    assert group_members(sleeper.pid) == []


def test_a_live_server_of_the_same_model_is_reused(
    tmp_path: Path, sleeper: subprocess.Popen[bytes]
) -> None:
    registry = ServerRegistry(tmp_path)
    with registry.registered(FINGERPRINT, URL, sleeper.pid):
        found = registry.find(FINGERPRINT, lambda url: url == URL, 1)
        assert found is not None and (found.pid, found.owner) == (sleeper.pid, os.getpid())
        assert registry.find("e" * 64, lambda url: True, 1) is None
    assert list(tmp_path.glob("*.json")) == []


def test_a_starting_server_is_waited_for(
    tmp_path: Path, sleeper: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_module, "WAIT_POLL_S", 0.01)
    answers = iter([False, False, True])
    registry = ServerRegistry(tmp_path)
    with registry.registered(FINGERPRINT, URL, sleeper.pid):
        assert registry.find(FINGERPRINT, lambda url: next(answers), 5) is not None
        assert registry.find(FINGERPRINT, lambda url: False, 0.05) is None


def test_a_record_of_a_dead_server_is_dropped(
    tmp_path: Path, sleeper: subprocess.Popen[bytes]
) -> None:
    registry = ServerRegistry(tmp_path)
    with registry.registered(FINGERPRINT, URL, sleeper.pid):
        stop_group(sleeper.pid, 5)
        sleeper.wait()
        assert registry.find(FINGERPRINT, lambda url: True, 1) is None
        assert list(tmp_path.glob("*.json")) == []


def test_an_orphaned_server_is_reaped(tmp_path: Path) -> None:
    parent, server = parent_of_a_sleep(UNTIED_PARENT, str(tmp_path))
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert start_time(server) is not None  # left behind, as before this fix
    (reaped,) = ServerRegistry(tmp_path).reap_stale()
    assert reaped.pid == server
    assert until(lambda: start_time(server) is None)
    assert list(tmp_path.glob("*.json")) == []


def test_the_fingerprint_ignores_the_port_only(tmp_path: Path) -> None:
    profile = get_profile("embedded-cpu")

    def server(port: int, *extra: str) -> VllmServer:
        return VllmServer(profile, tmp_path / "model", tmp_path / "log", list(extra), port)

    assert server(8001).fingerprint() == server(8002).fingerprint()
    assert server(8001).fingerprint() != server(8001, "--seed=1").fingerprint()
