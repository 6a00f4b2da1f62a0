"""`listingsmith model serve`: a profile's vLLM server, kept up until stopped."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from listingsmith.cli.shared import console, say_endpoint
from listingsmith.config import Settings
from listingsmith.serving.connect import connect

app = typer.Typer(help="Model profiles and servers.", no_args_is_help=True)


@app.command("serve")
def model_serve(
    profile: Annotated[str, typer.Option(help="model profile")] = "embedded-cpu",
) -> None:
    """Start the profile's vLLM server here and keep it up until Ctrl-C or SIGTERM."""
    settings = Settings(profile=profile, llm_url=None)
    with connect(settings) as client:
        say_endpoint(client)
        url = client.endpoint.url if client.endpoint else settings.llm_url
        console.print(f"serving {client.model_id} at {url} (Ctrl-C stops it)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            console.print("stopping")
