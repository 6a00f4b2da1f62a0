"""The FastAPI app: the JSON API under /v1 (X-API-Key) and the review page under /review
(signed session cookie), one router per feature (`api/routers/`), sharing the job store, key
ring, sessions and review sources; security headers on every response."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from functools import partial
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from listingsmith.api.errors import install_error_handlers
from listingsmith.api.headers import SecurityHeaders
from listingsmith.api.jobs import ClientFactory, JobRunner, JobStore, LlmFactory
from listingsmith.api.keys import KeyRing
from listingsmith.api.queued import QueuedJobStore, QueueRunner
from listingsmith.api.routers import (
    assist,
    audit,
    experiment_pages,
    experiments,
    jobs,
    pages,
    review,
)
from listingsmith.api.sessions import SessionSigner
from listingsmith.api.sources import ReviewSources
from listingsmith.config import Settings
from listingsmith.serving.client import ModelClient
from listingsmith.serving.connect import connect, endpoint_client, model_client
from listingsmith.storage.memory import memory_beside


def create_app(
    settings: Settings, llm: LlmFactory | None = None, keys: KeyRing | None = None
) -> FastAPI:
    """The service; without `llm` it serves the settings' model (starting the embedded one)."""
    url = settings.database if settings.queue_jobs else None  # where jobs are enqueued
    store = (
        QueuedJobStore(settings.service_dir, url, settings)
        if url
        else JobStore(settings.service_dir, settings.database)
    )
    memory = memory_beside(settings.service_dir, settings)  # every tenant's, one file

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            clients: ClientFactory
            if llm is None:  # each job gets its own client of the one endpoint
                endpoint = stack.enter_context(connect(settings)).endpoint
                clients = partial(endpoint_client, endpoint, settings)
            else:

                def clients(http: httpx.AsyncClient) -> ModelClient:
                    return model_client(settings, *llm(http))

            app.state.runner = (
                QueueRunner(store, settings, url)
                if url
                else JobRunner(store, settings, clients, memory)
            )
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
    app.state.sources = ReviewSources(store, settings, memory)
    for router in (
        jobs.router,
        experiments.router,
        review.router,
        audit.router,
        pages.router,
        assist.router,
        assist.page_router,
        experiment_pages.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app, settings.service_dir)
    return app
