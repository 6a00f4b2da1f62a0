"""The one door to the model: find the endpoint, make the LLM, map tasks to adapters, and hand
back a ready `ModelClient`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial

import httpx
from langchain_core.language_models import BaseLanguageModel

from listingsmith.config import Settings
from listingsmith.serving.adapters import task_models
from listingsmith.serving.client import ModelClient
from listingsmith.serving.launch import Endpoint, model_endpoint
from listingsmith.serving.llm import make_llm
from listingsmith.serving.pool import Probe
from listingsmith.serving.profiles import get_profile
from listingsmith.serving.server import answers_health

# Where a client points when its caller never calls the model (a reviewer's approve or reject
# finalizes; an edit is only re-checked) and the settings name no server.
NO_MODEL_URL = "http://127.0.0.1:1/v1"


def model_client(
    settings: Settings,
    llm: BaseLanguageModel,
    model_id: str,
    endpoint: Endpoint | None = None,
    servers: Sequence[tuple[str, BaseLanguageModel, Probe | None]] = (),
) -> ModelClient:
    """A client of `llm` (or of several `servers`) with the settings' concurrency bound per
    server, balancing and task -> adapter map."""
    return ModelClient(
        llm,
        model_id,
        settings.max_model_concurrency,
        task_models(settings),
        endpoint,
        servers,
        settings.balancing,
    )


def endpoint_client(
    endpoint: Endpoint, settings: Settings, http_client: httpx.AsyncClient | None = None
) -> ModelClient:
    """A client of a served endpoint, spread over its servers; one per event loop
    (`http_client` bound to that loop)."""
    servers = [
        (
            url,
            make_llm(endpoint.profile, url, endpoint.model, settings, http_client),
            partial(answers_health, url, settings.balancing.probe_timeout_s),
        )
        for url in endpoint.urls
    ]
    return model_client(settings, servers[0][1], endpoint.model, endpoint, servers)


@contextmanager
def connect(
    settings: Settings,
    *,
    calls_model: bool = True,
    http_client: httpx.AsyncClient | None = None,
) -> Iterator[ModelClient]:
    """A ready client: of the settings' model servers (llm_url, llm_urls), else of the
    embedded server (reused or started here, stopped on exit); with `calls_model` False, of
    settings.llm_url or nowhere, nothing started. Enter it from the main thread: a server
    started here dies with its thread."""
    if not calls_model:
        profile = get_profile(settings.profile)
        model = settings.model or profile.served_model_name
        yield endpoint_client(
            Endpoint(settings.llm_url or NO_MODEL_URL, model, profile, None), settings, http_client
        )
        return
    with model_endpoint(settings) as endpoint:
        yield endpoint_client(endpoint, settings, http_client)
