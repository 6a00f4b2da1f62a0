"""`listingsmith audit verify | show | export`: the audit trail checked, read and exported."""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from listingsmith.audit.anchors import Anchor, judge_anchors
from listingsmith.audit.backends import (
    is_database_url,
    open_audit_log,
    read_anchors_and_heads,
    verify_audit,
)
from listingsmith.audit.signing import KeyFileError, load_public_key
from listingsmith.batch.job import audit_path
from listingsmith.cli.console import shown
from listingsmith.cli.shared import DEFAULT_DB, console
from listingsmith.text.cells import spreadsheet_row

app = typer.Typer(help="The audit trail: verify, show, export.", no_args_is_help=True)


def _audit_at(db: str) -> str | Path:
    """The audit log: a database URL, an audit.sqlite, or the one beside a checkpoint file;
    exits naming the file when there is none."""
    if is_database_url(db):
        return db
    if not Path(db).exists():
        console.print(f"[red]{db}: no such audit file[/red]")
        raise typer.Exit(2)
    return Path(db) if Path(db).name == "audit.sqlite" else audit_path(Path(db))


AuditOption = Annotated[
    str, typer.Option(help="audit.sqlite (or the checkpoint file beside it), or a database URL")
]


@app.command("verify")
def audit_verify(
    db: Annotated[str, typer.Argument(help="audit.sqlite, or a postgresql:// database URL")],
    key: Annotated[
        list[Path] | None,
        typer.Option(exists=True, dir_okay=False, help="public key (FILE.pub) the anchors name"),
    ] = None,
    run_json: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="run.json kept elsewhere (default: beside)"),
    ] = None,
) -> None:
    """Check the hash chain (names the first edited, deleted or reordered event) and, with
    --key, every signed anchor of its head (names the first that no longer matches)."""
    path = _audit_at(db)
    count, problem = verify_audit(path)
    if problem:
        console.print(f"[red]audit log broken[/red] after {count} event(s): {problem}")
        raise typer.Exit(1)
    if not key:
        anchors = len(read_anchors_and_heads(path)[0])
        console.print(
            f"audit log intact: {count} event(s); {anchors} signed anchor(s) "
            "not checked (give --key FILE.pub to check them)"
        )
        return
    try:
        keys = [load_public_key(k) for k in key]
        beside = None if isinstance(path, str) else path.parent / "run.json"
        expected = _run_json_anchor(run_json or beside)
    except (KeyFileError, ValueError) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    report = judge_anchors(*read_anchors_and_heads(path), keys, expected)
    if report.problem:
        console.print(f"[red]audit log rewritten[/red]: {report.problem}")
        raise typer.Exit(1)
    against = f"; run.json's anchor (event {expected.seq}) is there" if expected else ""
    console.print(
        f"audit log intact: {count} event(s); {report.anchors} signed anchor(s) valid, the last "
        f"at event {report.last_seq}; {report.unsigned_events} later event(s) not signed yet"
        + against
    )


def _run_json_anchor(path: Path | None) -> Anchor | None:
    """The signed anchor a run.json recorded (None without one, or without the file)."""
    if path is None or not path.is_file():
        return None
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))["audit"].get("anchor")
        return Anchor(**recorded) if recorded else None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{path}: no readable audit anchor ({error})") from error


@app.command("show")
def audit_show(
    sku: Annotated[str, typer.Argument()],
    locale: Annotated[str | None, typer.Option(help="only this locale")] = None,
    db: AuditOption = str(DEFAULT_DB),
) -> None:
    """The decision history of one sku (and locale)."""
    log = open_audit_log(_audit_at(db))
    table = Table("seq", "time", "node", "locale", "attempt", "what", title=f"audit: {shown(sku)}")
    for event in log.events(sku, locale):
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(event.ts))
        table.add_row(
            str(event.seq),
            when,
            shown(event.node),
            shown(event.locale or ""),
            str(event.attempt or ""),
            shown(_summary(event.payload)),
        )
    log.close()
    console.print(table)


def _summary(payload: dict) -> str:
    parts = []
    for key in (
        "verdict",
        "status",
        "action",
        "experiment_id",
        "variant_id",
        "reviewer",
        "reason",
        "model_id",
    ):
        if payload.get(key):
            parts.append(f"{key}={payload[key]}")
    if payload.get("findings"):
        parts.append("findings=" + ",".join(f["rule_id"] for f in payload["findings"]))
    return " ".join(parts)


@app.command("export")
def audit_export(
    db: AuditOption = str(DEFAULT_DB),
    format: Annotated[str, typer.Option(help="jsonl | csv")] = "jsonl",
    out: Annotated[Path | None, typer.Option(help="file (default: standard output)")] = None,
) -> None:
    """Every event, in chain order, with its hashes."""
    if format not in ("jsonl", "csv"):
        raise typer.BadParameter("--format is jsonl or csv")
    log = open_audit_log(_audit_at(db))
    rows = [dataclasses.asdict(event) for event in log.events()]
    log.close()
    handle = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    if format == "jsonl":
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["seq"])
        writer.writeheader()
        for row in rows:
            payload = json.dumps(row["payload"], ensure_ascii=False)
            writer.writerow(spreadsheet_row({**row, "payload": payload}))
    if out:
        handle.close()
