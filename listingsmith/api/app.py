"""The FastAPI app: the JSON API under /v1 (X-API-Key) and the review page under /review
(signed session cookie), one router per feature (`api/routers/`), sharing the job store, key
ring, sessions and review sources; security headers on every response."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from langchain_core.language_models import BaseLanguageModel

from listingsmith.api.headers import SecurityHeaders
from listingsmith.api.jobs import JobRunner, JobStore, LlmFactory
from listingsmith.api.keys import KeyRing
from listingsmith.api.routers import audit, jobs, pages, review
from listingsmith.api.sessions import SessionSigner
from listingsmith.api.sources import ReviewSources
from listingsmith.config import Settings
from listingsmith.serving.launch import model_endpoint
from listingsmith.serving.llm import make_llm


def create_app(
    settings: Settings, llm: LlmFactory | None = None, keys: KeyRing | None = None
) -> FastAPI:
    """The service; without `llm` it serves the settings' model (starting the embedded one)."""
    store = JobStore(settings.service_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            factory = llm
            if factory is None:
                endpoint = stack.enter_context(model_endpoint(settings))

                def factory(client: httpx.AsyncClient) -> tuple[BaseLanguageModel, str]:
                    llm = make_llm(endpoint.profile, endpoint.url, endpoint.model, settings, client)
                    return llm, endpoint.model

            app.state.runner = JobRunner(store, settings, factory)
            app.state.runner.resume_unfinished()
            yield
            await app.state.runner.wait()

    app = FastAPI(
        title="listingsmith",
        lifespan=lifespan,
        description="Per-locale marketplace listings, checked and audited.",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.ring = keys or KeyRing.load(settings.api_keys_file)
    app.state.sessions = SessionSigner(settings)
    app.state.sources = ReviewSources(store, settings)
    for router in (jobs.router, review.router, audit.router, pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app
