"""The command line: `listingsmith run`, `listingsmith model serve`."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import json
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from listingsmith.attributes.text import seller_attributes
from listingsmith.audit.anchors import Anchor, check_anchors, count_anchors
from listingsmith.audit.log import AuditLog, verify
from listingsmith.audit.signing import KeyFileError, load_or_create_signer, load_public_key
from listingsmith.batch.catalog import read_catalog
from listingsmith.batch.job import audit_path, run_job
from listingsmith.batch.review import ReviewError, decide, held_items, review_decision
from listingsmith.batch.runner import default_run_id
from listingsmith.checks import Checks, check_listing
from listingsmith.config import Settings
from listingsmith.domain import Draft, LocaleListing, Product, Status, locale_tags
from listingsmith.policies.packs import load_packs
from listingsmith.policies.selftest import run_all_examples
from listingsmith.serving.launch import Endpoint, model_endpoint
from listingsmith.serving.llm import make_llm

app = typer.Typer(
    help="Per-locale marketplace listings, checked against policy and facts.", no_args_is_help=True
)
model_app = typer.Typer(help="Model profiles and servers.", no_args_is_help=True)
app.add_typer(model_app, name="model")
policies_app = typer.Typer(
    help="Policy packs: list, check a listing, run examples.", no_args_is_help=True
)
app.add_typer(policies_app, name="policies")
review_app = typer.Typer(help="Held listings: list them, decide on one.", no_args_is_help=True)
app.add_typer(review_app, name="review")
audit_app = typer.Typer(help="The audit trail: verify, show, export.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
DEFAULT_DB = Path("out/demo/state.sqlite")
console = Console()


@app.callback()
def main() -> None:
    """Per-locale marketplace listings, checked against policy and facts."""
    # SIGTERM and SIGHUP unwind like Ctrl-C, so every `with` block (the model server's
    # included) closes; `serve` hands them to uvicorn, which shuts down the same way.
    for terminating in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(terminating, _exit_on_signal)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _say_endpoint(endpoint: Endpoint) -> None:
    """Which model server a command talks to, when it is a local one."""
    if endpoint.reused_pid is not None:
        console.print(f"reusing the model server at {endpoint.url} (pid {endpoint.reused_pid})")
    elif endpoint.startup_seconds is not None:
        console.print(f"model server up in {endpoint.startup_seconds:.0f} s at {endpoint.url}")


class ProgressObserver:
    """One bar for the whole run and one per product in flight (removed when done)."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.overall = progress.add_task("all listings", total=total)
        self.tasks: dict[str, TaskID] = {}
        self.left: dict[str, int] = {}

    def product_started(self, sku: str, locales: list[str]) -> None:
        self.tasks[sku] = self.progress.add_task(f"{sku} {','.join(locales)}", total=len(locales))
        self.left[sku] = len(locales)

    def locale_done(self, sku: str, locale: str, status: str) -> None:
        self.progress.advance(self.tasks[sku])
        self.progress.advance(self.overall)
        self.progress.console.log(f"{sku} {locale}: {status}")
        self.left[sku] -= 1
        if self.left[sku] == 0:
            self.progress.remove_task(self.tasks.pop(sku))


def summary_table(report: dict) -> Table:
    """Statuses per locale, as a seller reads them at the end of a run."""
    table = Table(title=f"run {report['run_id']}: {report['wall_seconds']:.0f} s")
    table.add_column("locale")
    statuses = [s.value for s in Status]
    for status in statuses:
        table.add_column(status, justify="right")
    for locale in report["locales"]:
        counts = report["counts"].get(locale, {})
        table.add_row(locale, *(str(counts.get(s, 0)) for s in statuses))
    return table


def one_line(error: ValueError) -> str:
    """A bad argument or setting as one line: the setting's name and what is wrong."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"setting {'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(error)


@app.command()
def run(
    catalog: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSONL catalogue")],
    out: Annotated[Path, typer.Option(help="output folder")],
    locales: Annotated[str | None, typer.Option(help="comma-separated, e.g. en-US,de-DE")] = None,
    llm_url: Annotated[str | None, typer.Option(help="OpenAI-compatible vLLM URL (…/v1)")] = None,
    model: Annotated[str | None, typer.Option(help="served model name at --llm-url")] = None,
    profile: Annotated[
        str | None, typer.Option(help="model profile (serving/profiles.yaml)")
    ] = None,
    max_attempts: Annotated[int | None, typer.Option(min=1)] = None,
    db: Annotated[Path | None, typer.Option(help="checkpoint SQLite file")] = None,
    run_id: Annotated[
        str | None, typer.Option(help="resume this run (default: from inputs)")
    ] = None,
) -> None:
    """Write listings for every product of CATALOG in every locale; resumes an unfinished run."""
    overrides = {
        "llm_url": llm_url,
        "model": model,
        "profile": profile,
        "max_attempts": max_attempts,
    }
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
        chosen = (
            locale_tags([x.strip() for x in locales.split(",")]) if locales else settings.locales
        )
    except ValueError as error:  # pydantic's ValidationError (a setting) is one too
        console.print(f"[red]error:[/red] {one_line(error)}", soft_wrap=True)
        raise typer.Exit(2) from error
    products, errors = read_catalog(catalog, settings)
    for error in errors:
        console.print(f"[red]bad record[/red] {catalog}: {error}")
    run_id = run_id or default_run_id(catalog.read_bytes(), chosen)
    db_path = db or out / "state.sqlite"
    try:
        load_or_create_signer(settings.signing_key_path)  # before the model server starts
    except KeyFileError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    started = time.perf_counter()
    with model_endpoint(settings) as endpoint:
        _say_endpoint(endpoint)
        llm = make_llm(endpoint.profile, endpoint.url, endpoint.model, settings)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            observer = ProgressObserver(progress, len(products) * len(chosen))
            report = asyncio.run(
                run_job(
                    products,
                    errors,
                    chosen,
                    out,
                    db_path,
                    run_id,
                    settings,
                    llm,
                    endpoint.model,
                    observer,
                    extra={"server_startup_seconds": endpoint.startup_seconds},
                )
            )
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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    llm_url: Annotated[str | None, typer.Option(help="OpenAI-compatible vLLM URL (…/v1)")] = None,
    model: Annotated[str | None, typer.Option(help="served model name at --llm-url")] = None,
    review_db: Annotated[
        list[Path] | None, typer.Option(exists=True, help="a CLI run's state.sqlite to review")
    ] = None,
) -> None:
    """The HTTP API (OpenAPI at /docs) and the review page (/review); keys in api_keys_file."""
    import uvicorn

    from listingsmith.api.app import create_app

    overrides = {"llm_url": llm_url, "model": model, "review_dbs": review_db}
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    uvicorn.run(create_app(settings), host=host, port=port)


@model_app.command("serve")
def model_serve(
    profile: Annotated[str, typer.Option(help="model profile")] = "embedded-cpu",
) -> None:
    """Start the profile's vLLM server here and keep it up until Ctrl-C or SIGTERM."""
    settings = Settings(profile=profile, llm_url=None)
    with model_endpoint(settings) as endpoint:
        _say_endpoint(endpoint)
        console.print(f"serving {endpoint.model} at {endpoint.url} (Ctrl-C stops it)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            console.print("stopping")


@app.command()
def train(
    task: Annotated[str, typer.Argument(help="extract | draft | voice")],
    data: Annotated[
        list[Path],
        typer.Option(exists=True, dir_okay=False, help="JSONL: product data (voice: catalogue)"),
    ],
    out: Annotated[Path, typer.Option(help="adapter folder (e.g. listingsmith/adapters/NAME)")],
    max_examples: Annotated[
        int | None, typer.Option(min=0, help="a random sample of this many (0: all)")
    ] = None,
    epochs: Annotated[float | None, typer.Option(min=0.01, help="passes over the data")] = None,
    device: Annotated[str, typer.Option(help="cpu | cuda (a GPU only makes it faster)")] = "cpu",
) -> None:
    """Fine-tune a LoRA adapter of the embedded model for TASK; writes OUT/card.json."""
    from listingsmith.training.run import train_task

    settings = Settings()
    changes = {"max_examples": max_examples, "epochs": epochs}
    hp = settings.training.model_copy(update={k: v for k, v in changes.items() if v is not None})
    if max_examples == 0:
        hp.max_examples = None
    card = train_task(task, data, out, settings.model_copy(update={"training": hp}), device=device)
    loss = card["validation_loss"]
    console.print(
        f"{task}: {card['examples']['train']} examples, {card['steps']} steps, validation loss "
        f"{loss['before']} -> {loss['best']}, {card['wall_seconds']:.0f} s; adapter in {out}"
    )


# The model-call task an eval task's --adapter applies to (the listing flow's is the draft).
ADAPTER_TASKS = {"listing": "draft"}


@app.command("eval")
def eval_command(
    datasets: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, help="JSONL (product-data schema)")
    ],
    task: Annotated[
        str, typer.Option(help="extract | factcheck | localize | listing")
    ] = "factcheck",
    out: Annotated[Path, typer.Option(help="output folder")] = Path("out/eval"),
    limit: Annotated[
        int | None, typer.Option(min=1, help="the first N records per dataset")
    ] = None,
    sample: Annotated[
        int | None, typer.Option(min=1, help="a seeded random sample of N records per dataset")
    ] = None,
    locales: Annotated[str | None, typer.Option(help="localize: comma-separated")] = None,
    llm_url: Annotated[str | None, typer.Option(help="localize: vLLM URL (…/v1)")] = None,
    model: Annotated[str | None, typer.Option(help="localize: served model name")] = None,
    no_model: Annotated[
        bool, typer.Option("--no-model", help="extract: deterministic extractors only")
    ] = False,
    adapter: Annotated[
        str | None,
        typer.Option(help="LoRA adapter for the task's model calls; 'base': the base model"),
    ] = None,
) -> None:
    """Score a task on datasets; writes OUT/metrics.json and OUT/report.html."""
    from evals.run import run_eval

    overrides: dict[str, object] = {"llm_url": llm_url, "model": model}
    if adapter is not None:
        overrides["adapters"] = (
            {} if adapter == "base" else {ADAPTER_TASKS.get(task, task): adapter}
        )
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    chosen = [loc.strip() for loc in locales.split(",")] if locales else None
    metrics = run_eval(
        datasets, task, out, limit, settings, chosen, use_model=not no_model, sample=sample
    )
    rows = {name: row for name, row in metrics["groups"].items() if "|" not in name}
    columns = sorted(
        {k for row in rows.values() for k, v in row.items() if not isinstance(v, dict)}
    )
    table = Table("group", *columns, title=f"{task}: {metrics['settings']['records']} records")
    for name, row in rows.items():
        table.add_row(name, *(_show(column, row.get(column)) for column in columns))
    console.print(table)
    console.print(f"wrote {out / 'metrics.json'} and {out / 'report.html'}")


RATE_COLUMNS = frozenset(
    {"recall", "false_alarm_rate", "langid_pass", "protected_terms_kept", "numbers_match"}
    | {"precision", "f1", "relaxed_f1", "macro_f1", "policy_pass_rate"}
)


def _show(column: str, value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.1%}" if column in RATE_COLUMNS and isinstance(value, float) else str(value)


@policies_app.command("list")
def policies_list(
    locale: Annotated[str | None, typer.Option(help="only packs and rules for this locale")] = None,
    marketplace: Annotated[str, typer.Option(help="marketplace")] = "amazon",
    category: Annotated[str | None, typer.Option(help="product category")] = None,
) -> None:
    """Every pack and rule (or those that apply to --locale and --marketplace)."""
    table = Table("pack", "rule", "kind", "severity", "fix", "citation")
    for pack in load_packs():
        rules = pack.applies(locale, marketplace, category) if locale else pack.rules
        for rule in rules:
            table.add_row(
                pack.ref, rule.id, rule.kind, rule.severity.value, rule.fix, rule.citation
            )
    console.print(table)


@policies_app.command("check")
def policies_check(
    listing: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="listing JSON")],
    locale: Annotated[str, typer.Option(help="locale, e.g. de-DE")],
    marketplace: Annotated[str, typer.Option(help="marketplace")] = "amazon",
    category: Annotated[str | None, typer.Option(help="product category")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print findings as JSON")] = False,
) -> None:
    """Check one listing (JSON: title, bullets, description, keywords, optional attributes)."""
    raw = json.loads(listing.read_text(encoding="utf-8"))
    seller = {k: str(v) for k, v in (raw.pop("attributes", None) or {}).items()}
    draft = Draft.model_validate(raw)
    product = Product(
        sku=listing.stem,
        title=draft.title or listing.stem,
        attributes=seller,
        category=category,
        marketplace=marketplace,
    )
    findings, packs = check_listing(
        draft, product, seller_attributes(product), locale, Settings(), checks=Checks.POLICIES
    )
    if as_json:
        print(
            json.dumps(
                {"packs": packs, "findings": [f.model_dump(mode="json") for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        table = Table(
            "rule",
            "severity",
            "field",
            "span",
            "message",
            "fix",
            title=f"{len(findings)} finding(s); packs {', '.join(packs)}",
        )
        for f in findings:
            table.add_row(f.rule_id, f.severity.value, f.field, str(f.span), f.message, f.fix)
        console.print(table)
    if any(f.severity.value == "block" for f in findings):
        raise typer.Exit(1)


@policies_app.command("test")
def policies_test() -> None:
    """Run every rule's own examples; exits 1 if any rule misses or misfires."""
    results = run_all_examples()
    wrong = [r for r in results if not r.ok]
    for result in wrong:
        expected = "should fire" if result.expected_fire else "should not fire"
        console.print(f"[red]FAIL[/red] {result.rule_id}: {expected}: {result.text!r}")
    rules = len({r.rule_id for r in results})
    console.print(
        f"{len(results) - len(wrong)} passed, {len(wrong)} failed "
        f"({rules} rules, {len(load_packs())} packs)"
    )
    if wrong:
        raise typer.Exit(1)


@review_app.command("list")
def review_list(
    db: Annotated[Path, typer.Option(exists=True, help="checkpoint SQLite file")] = DEFAULT_DB,
) -> None:
    """Every listing waiting for a reviewer, with why it was held."""
    items = asyncio.run(held_items(db))
    table = Table("run", "sku", "locale", "attempts", "findings", title=f"{len(items)} held")
    for item in items:
        reasons = "; ".join(f["rule_id"] for f in item.payload.get("findings", []))
        table.add_row(
            item.run_id, item.sku, item.locale, str(item.payload.get("attempts")), reasons
        )
    console.print(table)


@review_app.command("decide")
def review_decide(
    sku: Annotated[str, typer.Argument()],
    locale: Annotated[str, typer.Argument()],
    reviewer: Annotated[str, typer.Option(help="who decides (recorded)")],
    approve: Annotated[bool, typer.Option("--approve", help="ship it as it is")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="do not ship it")] = False,
    edit: Annotated[Path | None, typer.Option(exists=True, help="edited listing JSON")] = None,
    reason: Annotated[str | None, typer.Option(help="why (required to reject)")] = None,
    db: Annotated[Path, typer.Option(exists=True, help="checkpoint SQLite file")] = DEFAULT_DB,
    run_id: Annotated[
        str | None, typer.Option(help="the run, if the sku is held in several")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="the run's --out folder, whose listings.jsonl and run.json follow "
            "the decision (default: the checkpoint file's folder)"
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
    try:
        listing = _edited_listing(edit) if edit else None
        decision = review_decision(
            action=chosen[0], reviewer=reviewer, reason=reason, listing=listing
        )
        outcome = asyncio.run(decide(db, sku, locale, decision, Settings(), run_id, out_dir=out))
    except ReviewError as error:
        console.print(
            f"{sku} {locale}: {error}", style="red", markup=False, highlight=False, soft_wrap=True
        )
        raise typer.Exit(1) from error
    if isinstance(outcome, LocaleListing):
        console.print(
            f"{sku} {locale}: {outcome.decision.status.value} "
            f"(reviewer {outcome.decision.reviewer})"
        )
    else:
        reasons = "; ".join(f["message"] for f in outcome.payload.get("findings", []))
        console.print(f"[yellow]{sku} {locale}: still held; the edit fails: {reasons}[/yellow]")
        raise typer.Exit(2)


def _edited_listing(path: Path) -> Any:
    """The edited listing file's JSON (checked as a listing with the rest of the decision)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReviewError(f"{path}: not a JSON listing ({error})") from error


def _audit_file(db: Path) -> Path:
    """The audit log itself, or the one beside a checkpoint file."""
    return db if db.name == "audit.sqlite" else audit_path(db)


@audit_app.command("verify")
def audit_verify(
    db: Annotated[Path, typer.Argument(exists=True, help="audit.sqlite")],
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
    path = _audit_file(db)
    count, problem = verify(path)
    if problem:
        console.print(f"[red]audit log broken[/red] after {count} event(s): {problem}")
        raise typer.Exit(1)
    if not key:
        console.print(
            f"audit log intact: {count} event(s); {count_anchors(path)} signed anchor(s) "
            "not checked (give --key FILE.pub to check them)"
        )
        return
    try:
        keys = [load_public_key(k) for k in key]
        expected = _run_json_anchor(run_json or path.parent / "run.json")
    except (KeyFileError, ValueError) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    report = check_anchors(path, keys, expected)
    if report.problem:
        console.print(f"[red]audit log rewritten[/red]: {report.problem}")
        raise typer.Exit(1)
    against = f"; run.json's anchor (event {expected.seq}) is there" if expected else ""
    console.print(
        f"audit log intact: {count} event(s); {report.anchors} signed anchor(s) valid, the last "
        f"at event {report.last_seq}; {report.unsigned_events} later event(s) not signed yet"
        + against
    )


def _run_json_anchor(path: Path) -> Anchor | None:
    """The signed anchor a run.json recorded (None without one, or without the file)."""
    if not path.is_file():
        return None
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))["audit"].get("anchor")
        return Anchor(**recorded) if recorded else None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"{path}: no readable audit anchor ({error})") from error


@audit_app.command("show")
def audit_show(
    sku: Annotated[str, typer.Argument()],
    locale: Annotated[str | None, typer.Option(help="only this locale")] = None,
    db: Annotated[Path, typer.Option(exists=True, help="audit.sqlite")] = DEFAULT_DB,
) -> None:
    """The decision history of one sku (and locale)."""
    log = AuditLog(_audit_file(db))
    table = Table("seq", "time", "node", "locale", "attempt", "what", title=f"audit: {sku}")
    for event in log.events(sku, locale):
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(event.ts))
        table.add_row(
            str(event.seq),
            when,
            event.node,
            event.locale or "",
            str(event.attempt or ""),
            _summary(event.payload),
        )
    log.close()
    console.print(table)


def _summary(payload: dict) -> str:
    parts = []
    for key in ("verdict", "status", "action", "reviewer", "reason", "model_id"):
        if payload.get(key):
            parts.append(f"{key}={payload[key]}")
    if payload.get("findings"):
        parts.append("findings=" + ",".join(f["rule_id"] for f in payload["findings"]))
    return " ".join(parts)


@audit_app.command("export")
def audit_export(
    db: Annotated[Path, typer.Option(exists=True, help="audit.sqlite")] = DEFAULT_DB,
    format: Annotated[str, typer.Option(help="jsonl | csv")] = "jsonl",
    out: Annotated[Path | None, typer.Option(help="file (default: standard output)")] = None,
) -> None:
    """Every event, in chain order, with its hashes."""
    if format not in ("jsonl", "csv"):
        raise typer.BadParameter("--format is jsonl or csv")
    log = AuditLog(_audit_file(db))
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
            writer.writerow({**row, "payload": json.dumps(row["payload"], ensure_ascii=False)})
    if out:
        handle.close()
