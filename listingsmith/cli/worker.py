"""`listingsmith worker`: claim products from the PostgreSQL work queue and write their listings."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from listingsmith.audit.backends import is_database_url
from listingsmith.batch.worker import serve_queue
from listingsmith.cli.shared import console, one_line, say_endpoint
from listingsmith.config import Settings
from listingsmith.serving.connect import connect


def worker(
    db: Annotated[str | None, typer.Option(help="postgresql:// database URL of the queue")] = None,
    llm_url: Annotated[str | None, typer.Option(help="OpenAI-compatible vLLM URL (…/v1)")] = None,
    model: Annotated[str | None, typer.Option(help="served model name at --llm-url")] = None,
    profile: Annotated[
        str | None, typer.Option(help="model profile (serving/profiles.yaml)")
    ] = None,
    drain: Annotated[
        bool, typer.Option(help="exit once nothing is left to claim, instead of waiting for work")
    ] = False,
) -> None:
    """Work the queue (run --submit, POST /v1/jobs with serve --db) until SIGTERM: finish or
    give back the products in hand, then exit. Start as many as you like, on any machine."""
    overrides = {"database_url": db, "llm_url": llm_url, "model": model, "profile": profile}
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
        url = settings.database
        if url is None or not is_database_url(url):
            raise ValueError("a worker needs --db postgresql://... (or LISTINGSMITH_DATABASE_URL)")
    except ValueError as error:
        console.print(f"[red]error:[/red] {one_line(error)}", soft_wrap=True)
        raise typer.Exit(2) from error
    with connect(settings) as client:
        say_endpoint(client)
        tally = asyncio.run(serve_queue(url, settings, client, drain=drain, say=plain))
    console.print(", ".join(f"{name} {count}" for name, count in sorted(tally.items())) or "idle")


def plain(text: str) -> None:
    """A worker's line as it is (a sku may look like console markup)."""
    console.print(text, markup=False, highlight=False)
