"""Settings: the one home of every endpoint, limit and tunable (env vars LISTINGSMITH_*)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Sampling(BaseModel):
    """Sampling settings sent with every model request of one task."""

    temperature: float = 0.3
    top_p: float = 0.9
    top_k: int = 40
    seed: int = 7
    max_tokens: int = 320


class ListingLimits(BaseModel):
    """Length bounds of generated listings (also what keeps structured answers short)."""

    title_chars: int = 150
    bullets: int = 3
    bullet_chars: int = 120
    description_chars: int = 360
    keywords: int = 5
    keyword_chars: int = 30


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "listingsmith"


class Settings(BaseSettings):
    """Run settings; every field can be set as LISTINGSMITH_<NAME> (nested with __)."""

    model_config = SettingsConfigDict(env_prefix="LISTINGSMITH_", env_nested_delimiter="__")

    profile: str = "embedded-cpu"
    llm_url: str | None = None
    model: str | None = None
    api_key: str = "EMPTY"
    cache_dir: Path = Field(default_factory=_default_cache_dir)

    locales: list[str] = ["en-US", "de-DE", "ja-JP"]
    pivot_language: str = "en"
    max_attempts: int = Field(default=3, ge=1)
    # New samples when an answer does not parse (cut off at max_tokens): not a findings retry.
    model_output_retries: int = Field(default=2, ge=0)

    # Requests in flight to the model server (size it to the server's batch) and products in flight.
    max_model_concurrency: int = Field(default=8, ge=1)
    max_product_concurrency: int = Field(default=4, ge=1)

    server_start_timeout_s: float = 900.0
    request_timeout_s: float = 600.0

    # A draft at its schema's length bounds (about 1,000 characters, up to one token each)
    # fits in 1,024 tokens; generation stops when the JSON closes, so the cap costs nothing.
    draft_sampling: Sampling = Sampling(max_tokens=1024)
    # Translation is one short line per field (stops at the newline).
    localize_sampling: Sampling = Sampling(temperature=0.3, max_tokens=120)
    listing_limits: ListingLimits = ListingLimits()

    # Fact-check: relative tolerance when comparing a number in the text with an attribute.
    quantity_rel_tolerance: float = 0.02
    # Language ID: below this probability a field's language counts as not established.
    language_min_confidence: float = 0.5
    # Fields shorter than this many characters are judged together with the whole listing.
    language_min_field_chars: int = 40
    # Largest image in pixels accepted from a catalogue (Pillow decompression-bomb guard).
    max_image_pixels: int = 40_000_000

    # The HTTP service: where jobs live, who may call it, how many jobs run at once.
    service_dir: Path = Path("service-data")
    api_keys_file: Path = Path("api-keys.yaml")
    max_concurrent_jobs: int = Field(default=2, ge=1)
    # Checkpoint files of CLI runs (e.g. out/demo/state.sqlite) the review page also serves.
    review_dbs: list[Path] = []

    @property
    def models_dir(self) -> Path:
        """Where converted model checkpoints are cached."""
        return self.cache_dir / "models"
