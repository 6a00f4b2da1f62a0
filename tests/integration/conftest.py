"""One embedded vLLM server (real weights, CPU build) for the whole test session."""

from collections.abc import Iterator

import pytest

from listingsmith.config import Settings
from listingsmith.serving.launch import Endpoint, model_endpoint


@pytest.fixture(scope="session")
def embedded_endpoint() -> Iterator[Endpoint]:
    with model_endpoint(Settings(llm_url=None)) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def tiny_vlm_endpoint() -> Iterator[Endpoint]:
    """The tiny random vision-language model (built offline once) on the real vLLM CPU server."""
    with model_endpoint(Settings(profile="tiny-vlm-test", llm_url=None)) as endpoint:
        yield endpoint
