"""`listingsmith export`: a finished run's shipped listings in a channel's format."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from listingsmith.channels.export import FORMATS, ExportRequest, export_run
from listingsmith.channels.report import ChannelReport
from listingsmith.cli.shared import console, one_line
from listingsmith.config import Settings

FORMAT_HELP = f"output format: {', '.join(FORMATS)}"


def print_report(report: ChannelReport) -> None:
    """The files written, the count, and each refused listing on one line."""
    for refusal in report.refused:
        console.print(f"[yellow]not written[/yellow] {escape(str(refusal))}", soft_wrap=True)
    reasons = ", ".join(f"{n} {why}" for why, n in report.reasons().most_common())
    console.print(
        f"{report.format}: {report.written} written, {len(report.refused)} not written"
        + (f" ({reasons})" if reasons else ""),
        soft_wrap=True,
    )
    for path in report.files:
        console.print(f"  {path}", soft_wrap=True)


def run_export(request: ExportRequest, settings: Settings) -> None:
    """Export and print the report; a bad run folder or option exits 2 with one line."""
    seller_id = request.seller_id or settings.amazon_seller_id
    try:
        report = export_run(replace(request, seller_id=seller_id), settings)
    except ValueError as error:
        console.print(f"[red]error:[/red] {one_line(error)}", soft_wrap=True)
        raise typer.Exit(2) from error
    print_report(report)


def export(
    run_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="a run's --out")],
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "jsonl",
    catalog: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="the run's catalogue (default: run.json's)"),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="where to write (default: RUN_DIR)")] = None,
    seller_id: Annotated[
        str | None, typer.Option(help="Amazon seller id for the feed header")
    ] = None,
) -> None:
    """Write RUN_DIR's shipped listings (approved or fixed) in a channel's format."""
    run_export(ExportRequest(run_dir, fmt, out, catalog, seller_id), Settings())
