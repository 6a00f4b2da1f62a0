"""`listingsmith run`: a catalogue's listings in every locale, with progress and a summary."""

from __future__ import annotations

import asyncio
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from listingsmith.audit.backends import is_database_url
from listingsmith.audit.signing import KeyFileError, load_or_create_signer
from listingsmith.batch.existing import ExistingError, ExistingListings, read_existing
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.queued import submit_job, wait_and_write
from listingsmith.batch.runner import default_run_id
from listingsmith.channels.catalog import read_catalog
from listingsmith.channels.export import CATALOG_KEY, ExportRequest, check_format
from listingsmith.channels.generic import column_map
from listingsmith.channels.table import CatalogError
from listingsmith.cli.console import shown
from listingsmith.cli.export import FORMAT_HELP, run_export
from listingsmith.cli.shared import (
    console,
    file_option,
    model_servers,
    one_line,
    say_endpoint,
    seller_profile,
)
from listingsmith.config import Settings
from listingsmith.domain import Status, locale_tags
from listingsmith.prompts.audience import parse_audiences
from listingsmith.prompts.framing import MAX_VARIANTS, MIN_VARIANTS, plan_framings
from listingsmith.serving.connect import connect


class ProgressObserver:
    """One bar for the whole run and one per product in flight (removed when done)."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.overall = progress.add_task("all listings", total=total)
        self.tasks: dict[str, TaskID] = {}
        self.left: dict[str, int] = {}

    def product_started(self, sku: str, locales: list[str]) -> None:
        self.tasks[sku] = self.progress.add_task(
            f"{shown(sku)} {','.join(locales)}", total=len(locales)
        )
        self.left[sku] = len(locales)

    def locale_done(self, sku: str, locale: str, status: str) -> None:
        self.progress.advance(self.tasks[sku])
        self.progress.advance(self.overall)
        self.progress.console.log(f"{shown(sku)} {locale}: {status}")
        self.left[sku] -= 1
        if self.left[sku] == 0:
            self.progress.remove_task(self.tasks.pop(sku))


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def summary_table(report: dict) -> Table:
    """Statuses per locale (and per audience, in a run with variants), the share shipped
    without a person, and how much of what shipped was composed from data, as a seller reads
    them at the end of a run."""
    table = Table(title=f"run {report['run_id']}: {report['wall_seconds']:.0f} s")
    table.add_column("locale")
    statuses = [s.value for s in Status]
    for status in statuses:
        table.add_column(status, justify="right")
    table.add_column("shipped", justify="right")
    table.add_column("data-composed", justify="right")
    rows = [
        (locale, report["counts"].get(locale, {}), report.get("shipped", {}).get(locale, {}))
        for locale in report["locales"]
    ]
    rows += [
        (f"audience {key}", row["counts"], row) for key, row in report.get("audiences", {}).items()
    ]
    for name, counts, shipped in rows:
        table.add_row(
            escape(name),
            *(str(counts.get(s, 0)) for s in statuses),
            _percent(shipped.get("shipped_share")),
            _percent(shipped.get("data_composed_share")),
        )
    return table


def run_with_progress(
    spec: JobSpec, settings: Settings, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The job against the settings' model, with progress bars; returns run.json's body (with
    `extra` in it)."""
    with connect(settings) as client:
        say_endpoint(client)
        startup = client.endpoint.startup_seconds if client.endpoint else None
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            listings = len(spec.products) * len(spec.locales) * max(len(spec.framings), 1)
            observer = ProgressObserver(progress, listings)
            return asyncio.run(
                run_job(
                    spec,
                    settings,
                    client,
                    observer=observer,
                    extra={"server_startup_seconds": startup, **(extra or {})},
                )
            )


def submit_and_wait(url: str, spec: JobSpec, settings: Settings, wait: bool) -> None:
    """Enqueue the job for the workers; with `wait`, wait for them and write its listings."""
    products = spec.products_to_run()
    added = submit_job(
        url,
        settings,
        spec.run_id,
        products,
        spec.locales,
        framings=spec.framings,
        bad_records=spec.bad_records,
    )
    console.print(f"job {spec.run_id}: {added} of {len(products)} product(s) queued")
    if not wait:
        return
    with Progress(
        TextColumn("products"), BarColumn(), MofNCompleteColumn(), console=console
    ) as progress:
        bar = progress.add_task("products", total=len(products))
        last: dict[str, int] = {}

        def seen(now: dict[str, int]) -> None:
            last.update(now)
            progress.update(bar, completed=now["done"] + now["failed"])

        counts = wait_and_write(url, spec.run_id, spec.out_dir, settings.worker_poll_s, seen)
    for (locale, status), count in sorted(counts.items()):
        console.print(f"{locale} {status}: {count}", markup=False)
    if last.get("failed"):
        console.print(
            f"[red]{last['failed']} product(s) failed:[/red] each stopped every worker that ran "
            f"it (worker_max_attempts; audit event queue.failed)"
        )
    console.print(f"listings in {spec.out_dir / 'listings.jsonl'}", markup=False)


class RunMode(StrEnum):
    """What a run does with listings that exist (`--mode`)."""

    UPDATE = "update"
    IMPROVE = "improve"


def earlier_listings(path: Path) -> ExistingListings:
    """An earlier run's listings for `--existing`, its bad lines reported; exits 2 when there
    are none to read."""
    try:
        earlier = read_existing(path)
    except ExistingError as error:
        console.print(f"[red]error:[/red] {one_line(error)}", soft_wrap=True)
        raise typer.Exit(2) from error
    for error in earlier.errors:
        console.print(f"[red]bad line[/red] {shown(f'{path}: {error}')}")
    console.print(f"{len(earlier.digests)} product(s) of the earlier run can be kept if unchanged")
    return earlier


def run(
    catalog: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="catalogue: JSONL, CSV/TSV or Shopify product CSV"
        ),
    ],
    out: Annotated[Path, typer.Option(help="output folder")],
    locales: Annotated[str | None, typer.Option(help="comma-separated, e.g. en-US,de-DE")] = None,
    llm_url: Annotated[
        list[str] | None,
        typer.Option(help="OpenAI-compatible vLLM URL (…/v1); again for each further server"),
    ] = None,
    model: Annotated[str | None, typer.Option(help="served model name at --llm-url")] = None,
    profile: Annotated[
        str | None, typer.Option(help="model profile (serving/profiles.yaml)")
    ] = None,
    max_attempts: Annotated[int | None, typer.Option(min=1)] = None,
    db: Annotated[
        str | None,
        typer.Option(help="checkpoint SQLite file, or a postgresql:// database URL"),
    ] = None,
    run_id: Annotated[
        str | None, typer.Option(help="resume this run (default: from inputs)")
    ] = None,
    seller: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="seller profile (YAML): manufacturer, EU responsible person, identifier field",
        ),
    ] = None,
    columns: Annotated[
        Path | None, file_option("column mapping (YAML) of a CSV/TSV, over channels/columns.yaml")
    ] = None,
    mode: Annotated[
        RunMode,
        typer.Option(
            help="update: make listings, keeping an --existing run's unchanged products; "
            "improve: check each live listing (the --existing run's, and the catalogue's own "
            "text in its source locale) and rewrite only its failing fields",
        ),
    ] = RunMode.UPDATE,
    existing: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            help="an earlier run's --out folder (or its listings.jsonl): products whose source "
            "is unchanged keep its listings and are not redone",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "jsonl",
    seller_id: Annotated[
        str | None, typer.Option(help="Amazon seller id for the feed header")
    ] = None,
    audiences: Annotated[
        str | None,
        typer.Option(help="comma-separated audiences (gift,pro,budget,eco): a variant for each"),
    ] = None,
    variants: Annotated[
        int | None,
        typer.Option(help=f"variants per listing ({MIN_VARIANTS}..{MAX_VARIANTS}), A, B, ..."),
    ] = None,
    submit: Annotated[
        bool,
        typer.Option(
            help="only enqueue the products in the --db postgresql:// queue for `listingsmith "
            "worker` processes; with --wait, then wait for them and write OUT/listings.jsonl",
        ),
    ] = False,
    wait: Annotated[bool, typer.Option(help="with --submit: wait for the workers")] = False,
) -> None:
    """Write listings for every product of CATALOG in every locale; resumes an unfinished run."""
    overrides = {
        **model_servers(llm_url),
        "model": model,
        "profile": profile,
        "max_attempts": max_attempts,
        "database_url": db if db and is_database_url(db) else None,
    }
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
        chosen = (
            locale_tags([x.strip() for x in locales.split(",")]) if locales else settings.locales
        )
        check_format(fmt, seller_id or settings.amazon_seller_id)
        framings = plan_framings(parse_audiences(audiences) if audiences else [], variants)
        if framings and mode is RunMode.IMPROVE:
            raise ValueError("--audiences/--variants write listings anew: not with --mode improve")
        if framings and existing:
            raise ValueError("--audiences/--variants write every variant anew: not with --existing")
        if submit and not (db and is_database_url(db)):
            raise ValueError("--submit needs --db postgresql://... (the workers' queue)")
        if submit and (existing or mode is RunMode.IMPROVE or fmt != "jsonl"):
            raise ValueError(
                "--submit makes listings anew as JSONL: not with --existing, --mode improve "
                "or --format"
            )
    except ValueError as error:  # pydantic's ValidationError (a setting) is one too
        console.print(f"[red]error:[/red] {one_line(error)}", soft_wrap=True)
        raise typer.Exit(2) from error
    profile = seller_profile(seller, settings)
    try:
        products, errors = read_catalog(catalog, settings, column_map(columns))
    except CatalogError as error:
        said = escape(f"{catalog.name}: {one_line(error)}")
        console.print(f"[red]error:[/red] {said}", soft_wrap=True)
        raise typer.Exit(2) from error
    for error in errors:
        console.print(f"[red]bad record[/red] {shown(f'{catalog}: {error}')}")
    earlier = earlier_listings(existing) if existing else None
    inputs = catalog.read_bytes() + (profile.fingerprint().encode() if profile else b"")
    inputs += f"|mode={mode.value}|existing={earlier.fingerprint if earlier else ''}".encode()
    if framings:  # an ordinary run keeps the id it always had
        inputs += f"|variants={','.join(f.variant_id for f in framings)}".encode()
    run_id = run_id or default_run_id(inputs, chosen, settings)
    try:
        load_or_create_signer(settings.signing_key_path)  # before the model server starts
    except KeyFileError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    started = time.perf_counter()
    improve = mode is RunMode.IMPROVE
    spec = JobSpec(
        products,
        chosen,
        out,
        run_id,
        errors,
        None if db is None or is_database_url(db) else Path(db),
        seller=profile,
        existing=earlier,
        improve=improve,
        framings=tuple(framings),
    )
    if submit:
        assert db is not None  # checked with the arguments
        submit_and_wait(db, spec, settings, wait)
        return
    report = run_with_progress(spec, settings, {CATALOG_KEY: str(catalog.resolve())})
    console.print(summary_table(report))
    usage = report["model_usage"]
    console.print(
        f"{usage['calls']} model calls, {usage['completion_tokens']} tokens "
        f"({usage['completion_tokens_per_s']} tokens/s); "
        f"total {time.perf_counter() - started:.0f} s; "
        f"outputs in {out}"
    )
    if errors:
        console.print(f"[yellow]{len(errors)} bad record(s) skipped (see run.json)[/yellow]")
    if fmt != "jsonl":  # listings.jsonl and run.json are written whatever the format
        run_export(ExportRequest(out, fmt, catalog=catalog, seller_id=seller_id), settings)
