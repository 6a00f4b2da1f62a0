"""Start, health-check and stop a local vLLM OpenAI-compatible server."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import httpx

from listingsmith.serving.adapters import lora_module_args
from listingsmith.serving.profiles import Profile
from listingsmith.serving.tether import spawn_tied, stop_group

HEALTH_POLL_S = 2.0
STOP_GRACE_S = 30.0
LOG_TAIL_CHARS = 3000


class ServerStartError(RuntimeError):
    """The model server exited or did not become healthy in time."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health_url(url: str) -> str:
    """The /health address of the server at this OpenAI-compatible base URL (…/v1)."""
    return f"{url.removesuffix('/v1')}/health"


def healthy(url: str) -> bool:
    """The server at this OpenAI-compatible base URL (…/v1) answers its /health."""
    try:
        return httpx.get(health_url(url), timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


async def answers_health(url: str, timeout_s: float) -> bool:
    """`healthy`, from an event loop (a pool's probe of a server taken out of rotation)."""
    try:
        async with httpx.AsyncClient(timeout=timeout_s) as http:
            return (await http.get(health_url(url))).status_code == 200
    except httpx.HTTPError:
        return False


class VllmServer:
    """One `vllm.entrypoints.openai.api_server` process serving `model_path` on 127.0.0.1."""

    def __init__(
        self,
        profile: Profile,
        model_path: Path,
        log_path: Path,
        extra_args: list[str] | None = None,
        port: int | None = None,
    ) -> None:
        self.profile = profile
        self.model_path = model_path
        self.log_path = log_path
        self.extra_args = extra_args or []
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._launched = 0.0

    @property
    def url(self) -> str:
        """The OpenAI-compatible base URL (…/v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    def command(self) -> list[str]:
        """The full command line that starts the server."""
        command = [
            sys.executable,
            "-m",
            "vllm.entrypoints.openai.api_server",
            "--model",
            str(self.model_path),
            "--served-model-name",
            self.profile.served_model_name,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            *self.profile.args,
            *lora_module_args(self.profile),
            *self.extra_args,
        ]
        if self.profile.chat_template:
            template = resources.files(__package__).joinpath(self.profile.chat_template)
            command += ["--chat-template", str(template)]
        return command

    def fingerprint(self) -> str:
        """What this server serves and how (its command line less the port, and its
        environment): equal fingerprints can share one running server."""
        command = self.command()
        at = command.index("--port")
        served = [*command[:at], *command[at + 2 :], sorted(self.profile.env.items())]
        return hashlib.sha256(json.dumps(served).encode("utf-8")).hexdigest()

    def launch(self) -> None:
        """Start the process (tied to this one: see `tether`) without waiting for it."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **self.profile.env}
        env.setdefault("VLLM_CACHE_ROOT", str(self.log_path.parent / "vllm-cache"))
        self._launched = time.monotonic()
        with self.log_path.open("wb") as log:
            self.process = spawn_tied(self.command(), env, log)

    def wait_until_healthy(self, timeout_s: float) -> float:
        """Wait for /health after `launch`; returns the seconds since the launch."""
        assert self.process is not None, "launch() first"
        deadline = self._launched + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerStartError(
                    f"vLLM exited with code {self.process.returncode} during start-up; "
                    f"log {self.log_path}:\n{self._log_tail()}"
                )
            if healthy(self.url):
                return time.monotonic() - self._launched
            time.sleep(HEALTH_POLL_S)
        self.stop()
        raise ServerStartError(
            f"vLLM was not healthy after {timeout_s:.0f} s "
            "(raise LISTINGSMITH_SERVER_START_TIMEOUT_S); "
            f"log {self.log_path}:\n{self._log_tail()}"
        )

    def stop(self) -> None:
        """Stop the server's whole process group (engine workers included)."""
        if self.process is None:
            return
        stop_group(self.process.pid, STOP_GRACE_S)
        self.process.wait()

    def __enter__(self) -> VllmServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-LOG_TAIL_CHARS:]
        except OSError:
            return "(no log)"
