"""A model endpoint for a run: the given URL, or the profile's embedded server started here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from listingsmith.config import Settings
from listingsmith.serving.convert import ensure_gemma_checkpoint
from listingsmith.serving.profiles import Profile, get_profile
from listingsmith.serving.registry import ServerRegistry
from listingsmith.serving.server import VllmServer, healthy
from listingsmith.serving.tiny_vlm import ensure_tiny_vlm

# Local checkpoints a profile may name, and how each is built on first use.
CHECKPOINT_BUILDERS: dict[str, Callable[[Path], Path]] = {
    "gemma3-270m": ensure_gemma_checkpoint,
    "tiny-vlm": ensure_tiny_vlm,
}


@dataclass(frozen=True)
class Endpoint:
    """Where the model is served and under which name."""

    url: str
    model: str
    profile: Profile
    startup_seconds: float | None
    # The pid of a running server of the same model that this endpoint reuses, if any.
    reused_pid: int | None = None
    # Further servers of the same model (settings.llm_urls): requests are spread over all.
    more_urls: tuple[str, ...] = ()

    @property
    def urls(self) -> tuple[str, ...]:
        """Every server of this endpoint, the first one first."""
        return (self.url, *self.more_urls)


def prepare_checkpoint(profile: Profile, settings: Settings) -> Path:
    """Build (once) and return the profile's local checkpoint."""
    if profile.checkpoint not in CHECKPOINT_BUILDERS:
        raise ValueError(f"profile {profile.name!r} has no local checkpoint: give --llm-url")
    return CHECKPOINT_BUILDERS[profile.checkpoint](settings.models_dir / profile.checkpoint)


@contextmanager
def model_endpoint(settings: Settings) -> Iterator[Endpoint]:
    """The settings' model servers if given (llm_url, llm_urls); else a healthy server of the
    profile that another process of this machine runs (its pidfile under the cache dir); else
    the profile's server started here, tied to this process, and stopped afterwards. Enter it
    from the main thread (or one that lives as long as the server): the server dies with the
    thread that started it."""
    profile = get_profile(settings.profile)
    name = profile.served_model_name
    if urls := settings.model_urls:
        yield Endpoint(urls[0], settings.model or name, profile, None, more_urls=tuple(urls[1:]))
        return
    checkpoint = prepare_checkpoint(profile, settings)
    server = VllmServer(profile, checkpoint, settings.cache_dir / "logs" / "vllm.log")
    registry = ServerRegistry(settings.cache_dir / "servers")
    fingerprint = server.fingerprint()
    running = registry.find(fingerprint, healthy, settings.server_start_timeout_s)
    if running is not None:
        yield Endpoint(running.url, name, profile, None, reused_pid=running.pid)
        return
    with server:
        server.launch()
        assert server.process is not None
        with registry.registered(fingerprint, server.url, server.process.pid):
            startup = server.wait_until_healthy(settings.server_start_timeout_s)
            yield Endpoint(server.url, name, profile, startup)
