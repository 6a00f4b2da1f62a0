"""`listingsmith serve`: the HTTP API and the review page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from listingsmith.audit.backends import is_database_url
from listingsmith.cli.shared import console
from listingsmith.config import Settings


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    llm_url: Annotated[str | None, typer.Option(help="OpenAI-compatible vLLM URL (…/v1)")] = None,
    model: Annotated[str | None, typer.Option(help="served model name at --llm-url")] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="postgresql:// database URL: jobs are enqueued for `listingsmith worker`s"
        ),
    ] = None,
    review_db: Annotated[
        list[Path] | None, typer.Option(exists=True, help="a CLI run's state.sqlite to review")
    ] = None,
) -> None:
    """The HTTP API (OpenAPI at /docs) and the review page (/review); keys in api_keys_file."""
    import uvicorn

    from listingsmith.api.app import create_app

    overrides = {
        "llm_url": llm_url,
        "model": model,
        "review_dbs": review_db,
        "database_url": db,
    }
    if db is not None and not is_database_url(db):
        console.print("[red]error:[/red] --db takes a postgresql:// database URL", soft_wrap=True)
        raise typer.Exit(2)
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    uvicorn.run(create_app(settings), host=host, port=port)
