"""What the command groups share: the console, the default checkpoint file, one-line
errors, which model server a command talks to, and the --seller profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError

from listingsmith.audit.backends import is_database_url
from listingsmith.batch.seller import SellerProfile, SellerProfileError, read_seller_profile
from listingsmith.cli.console import console
from listingsmith.config import Settings
from listingsmith.serving.client import ModelClient

DEFAULT_DB = Path("out/demo/state.sqlite")


def checkpoints_at(db: str, out: Path | None) -> tuple[Path, Settings]:
    """A run's checkpoints named by --db, and the settings that reach them: a file (which must
    exist), or a postgresql:// URL (the database holds every run's; the run's outputs are in
    `out`, its folder)."""
    if is_database_url(db):
        return (out or Path()) / "state.sqlite", Settings(database_url=db)
    if not Path(db).is_file():
        raise typer.BadParameter(f"{db}: no such checkpoint file", param_hint="--db")
    return Path(db), Settings()


def file_option(help: str) -> Any:
    """A typer option naming a file that must exist (not a folder)."""
    return typer.Option(exists=True, dir_okay=False, help=help)


def model_servers(urls: list[str] | None) -> dict[str, Any]:
    """The settings of repeated `--llm-url` options: the first server and the others."""
    return {"llm_url": urls[0], "llm_urls": urls[1:]} if urls else {}


def say_endpoint(client: ModelClient) -> None:
    """Which model server a command talks to, when it is a local one."""
    endpoint = client.endpoint
    if endpoint is None:
        return
    if endpoint.more_urls:
        console.print(f"spreading model requests over {len(endpoint.urls)} servers")
    if endpoint.reused_pid is not None:
        console.print(f"reusing the model server at {endpoint.url} (pid {endpoint.reused_pid})")
    elif endpoint.startup_seconds is not None:
        console.print(f"model server up in {endpoint.startup_seconds:.0f} s at {endpoint.url}")


def one_line(error: ValueError) -> str:
    """A bad argument or setting as one line: the setting's name and what is wrong."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"setting {'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(error)


def seller_profile(path: Path | None, settings: Settings) -> SellerProfile | None:
    """The --seller profile (None without one), or exit 2 with its one-line error."""
    if path is None:
        return None
    try:
        return read_seller_profile(path, settings.input_limits)
    except SellerProfileError as error:
        console.print(f"[red]error:[/red] seller profile {error}", soft_wrap=True)
        raise typer.Exit(2) from error
