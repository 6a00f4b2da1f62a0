"""`listingsmith serve`: the HTTP API and the review page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from listingsmith.audit.backends import is_database_url
from listingsmith.cli.shared import model_servers
from listingsmith.config import Settings


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    llm_url: Annotated[
        list[str] | None,
        typer.Option(help="OpenAI-compatible vLLM URL (…/v1); again for each further server"),
    ] = None,
    model: Annotated[str | None, typer.Option(help="served model name at --llm-url")] = None,
    review_db: Annotated[
        list[Path] | None,
        typer.Option(help="a CLI run's state.sqlite to review (with --db: in the run's folder)"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="postgresql:// URL of the jobs, checkpoints, audit log and stores "
            "(LISTINGSMITH_DATABASE_URL); jobs are enqueued for `listingsmith worker`s"
        ),
    ] = None,
) -> None:
    """The HTTP API (OpenAPI at /docs) and the review page (/review); keys in api_keys_file."""
    import uvicorn

    from listingsmith.api.app import create_app

    if db is not None and not is_database_url(db):
        raise typer.BadParameter(f"{db}: not a postgresql:// URL", param_hint="--db")
    overrides = {
        **model_servers(llm_url),
        "model": model,
        "review_dbs": review_db,
        "database_url": db,
    }
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    uvicorn.run(create_app(settings), host=host, port=port)
