"""A model endpoint for a run: the given URL, or the profile's embedded server started here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from listingsmith.config import Settings
from listingsmith.serving.convert import ensure_gemma_checkpoint
from listingsmith.serving.profiles import Profile, get_profile
from listingsmith.serving.server import VllmServer
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


def prepare_checkpoint(profile: Profile, settings: Settings) -> Path:
    """Build (once) and return the profile's local checkpoint."""
    if profile.checkpoint not in CHECKPOINT_BUILDERS:
        raise ValueError(f"profile {profile.name!r} has no local checkpoint: give --llm-url")
    return CHECKPOINT_BUILDERS[profile.checkpoint](settings.models_dir / profile.checkpoint)


@contextmanager
def model_endpoint(settings: Settings) -> Iterator[Endpoint]:
    """settings.llm_url if given; otherwise start the profile's server and stop it afterwards."""
    profile = get_profile(settings.profile)
    if settings.llm_url:
        yield Endpoint(settings.llm_url, settings.model or profile.served_model_name, profile, None)
        return
    checkpoint = prepare_checkpoint(profile, settings)
    server = VllmServer(profile, checkpoint, settings.cache_dir / "logs" / "vllm.log")
    with server:
        startup = server.start(settings.server_start_timeout_s)
        yield Endpoint(server.url, profile.served_model_name, profile, startup)
