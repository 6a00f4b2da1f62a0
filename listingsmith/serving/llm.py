"""The langchain model object that talks to a vLLM OpenAI-compatible server for a profile."""

from __future__ import annotations

import httpx
from langchain_core.language_models import BaseLanguageModel
from langchain_openai import ChatOpenAI, OpenAI

from listingsmith.config import Settings
from listingsmith.serving.profiles import Profile


def make_llm(
    profile: Profile,
    url: str,
    model: str,
    settings: Settings,
    http_async_client: httpx.AsyncClient | None = None,
) -> BaseLanguageModel:
    """Completions for base models, chat for instruction models; retries are the graph's.
    `http_async_client` lets a caller observe the HTTP requests (the throughput benchmark)."""
    common = {
        "model": model,
        "base_url": url,
        "api_key": settings.api_key.get_secret_value(),
        "timeout": settings.request_timeout_s,
        "max_retries": 0,
        "http_async_client": http_async_client,
    }
    if profile.api == "chat":
        return ChatOpenAI(**common)
    return OpenAI(**common)
