"""The service app served by uvicorn on a free local port in a thread, for the browser tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from listingsmith.serving.server import free_port


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app's base URL while it serves; stopped on leaving."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def job_ended(
    service: str, job: str, headers: dict[str, str], tries: int = 600, pause: float = 1.0
) -> dict[str, Any]:
    """The job's status once it is done or failed, or its last status after `tries` polls."""
    for _ in range(tries):
        status = httpx.get(f"{service}/v1/jobs/{job}", headers=headers).json()
        if status["status"] in ("done", "failed"):
            break
        time.sleep(pause)
    return status
