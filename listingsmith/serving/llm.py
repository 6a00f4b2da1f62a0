"""The langchain model object that talks to a vLLM OpenAI-compatible server for a profile."""

from __future__ import annotations

from langchain_core.language_models import BaseLanguageModel
from langchain_openai import ChatOpenAI, OpenAI

from listingsmith.config import Settings
from listingsmith.serving.profiles import Profile


def make_llm(profile: Profile, url: str, model: str, settings: Settings) -> BaseLanguageModel:
    """Completions for base models, chat for instruction models; retries are the graph's."""
    common = {
        "model": model,
        "base_url": url,
        "api_key": settings.api_key,
        "timeout": settings.request_timeout_s,
        "max_retries": 0,
    }
    if profile.api == "chat":
        return ChatOpenAI(**common)
    return OpenAI(**common)
