"""`listingsmith review list | decide`: held listings, and a reviewer's decision on one."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from listingsmith.audit.backends import is_database_url
from listingsmith.batch.review import ReviewError, decide, held_items, review_decision
from listingsmith.cli.console import shown
from listingsmith.cli.shared import DEFAULT_DB, checkpoints_at, console
from listingsmith.domain import Listing

app = typer.Typer(help="Held listings: list them, decide on one.", no_args_is_help=True)


DbOption = Annotated[
    str, typer.Option(help="checkpoint SQLite file, or a postgresql:// database URL")
]


@app.command("list")
def review_list(db: DbOption = str(DEFAULT_DB)) -> None:
    """Every listing waiting for a reviewer, with why it was held."""
    items = asyncio.run(held_items(*checkpoints_at(db, None)))
    table = Table(
        "run", "sku", "locale", "variant", "attempts", "findings", title=f"{len(items)} held"
    )
    for item in items:
        reasons = "; ".join(f["rule_id"] for f in item.payload.get("findings", []))
        attempts = str(item.payload.get("attempts"))
        cells = (item.run_id, item.sku, item.locale, item.variant_id or "", attempts, reasons)
        table.add_row(*map(shown, cells))
    console.print(table)


@app.command("decide")
def review_decide(
    sku: Annotated[str, typer.Argument()],
    locale: Annotated[str, typer.Argument()],
    reviewer: Annotated[str, typer.Option(help="who decides (recorded)")],
    approve: Annotated[bool, typer.Option("--approve", help="ship it as it is")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="do not ship it")] = False,
    edit: Annotated[Path | None, typer.Option(exists=True, help="edited listing JSON")] = None,
    reason: Annotated[str | None, typer.Option(help="why (required to reject)")] = None,
    db: DbOption = str(DEFAULT_DB),
    run_id: Annotated[
        str | None, typer.Option(help="the run, if the sku is held in several")
    ] = None,
    variant: Annotated[
        str | None, typer.Option(help="the variant (gift, A, gift-A), in a run with variants")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="the run's --out folder, whose listings.jsonl and run.json follow "
            "the decision (default: the checkpoint file's folder; required with a URL)"
        ),
    ] = None,
) -> None:
    """Approve, reject or edit a held listing; an edit is checked again before it ships."""
    chosen = [
        name
        for name, on in (("approve", approve), ("reject", reject), ("edit", edit is not None))
        if on
    ]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --approve, --reject, --edit FILE")
    if out is None and is_database_url(db):
        raise typer.BadParameter("give --out (the run's folder) with a database URL")
    db_path, settings = checkpoints_at(db, out)
    try:
        listing = _edited_listing(edit) if edit else None
        decision = review_decision(
            action=chosen[0], reviewer=reviewer, reason=reason, listing=listing
        )
        outcome = asyncio.run(
            decide(db_path, sku, locale, decision, settings, run_id, out_dir=out, variant=variant)
        )
    except ReviewError as error:
        console.print(
            f"{sku} {locale}: {error}", style="red", markup=False, highlight=False, soft_wrap=True
        )
        raise typer.Exit(1) from error
    if isinstance(outcome, Listing):
        console.print(
            f"{shown(sku)} {locale}: {outcome.decision.status.value} "
            f"(reviewer {shown(outcome.decision.reviewer)})"
        )
    else:
        reasons = "; ".join(f["message"] for f in outcome.payload.get("findings", []))
        said = shown(f"{sku} {locale}: still held; the edit fails: {reasons}")
        console.print(f"[yellow]{said}[/yellow]")
        raise typer.Exit(2)


def _edited_listing(path: Path) -> Any:
    """The edited listing file's JSON (checked as a listing with the rest of the decision)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReviewError(f"{path}: not a JSON listing ({error})") from error
