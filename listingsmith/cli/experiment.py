"""`listingsmith experiment simulate | ingest | report | promote`: A/B experiments between a
run's variants."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from listingsmith.audit.backends import without_password
from listingsmith.channels.run_outputs import read_run
from listingsmith.cli.console import PlainConsole
from listingsmith.cli.shared import console
from listingsmith.config import Settings
from listingsmith.experiments.ingest import ingest
from listingsmith.experiments.posterior import RateEstimate
from listingsmith.experiments.promote import PromoteError, promote
from listingsmith.experiments.report import ExperimentReport, build_report, report_json
from listingsmith.experiments.results_file import ResultsFileError
from listingsmith.experiments.runs import Experiment, run_experiments
from listingsmith.experiments.simulate import simulate, simulated_csv
from listingsmith.storage.experiments import ResultsStore, results_beside

app = typer.Typer(help="A/B experiments: simulate, ingest, report, promote.", no_args_is_help=True)
RunDir = Annotated[Path, typer.Argument(exists=True, file_okay=False, help="a run's --out")]
RunOption = Annotated[
    Path | None, typer.Option("--run", exists=True, file_okay=False, help="the run's --out")
]

REPORT_WIDTH = 160  # columns of a report written to a file or pipe (every column whole)


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    return typer.Exit(2)


def _experiments(run_dir: Path | None) -> dict[str, Experiment] | None:
    if run_dir is None:
        return None
    try:
        return run_experiments(read_run(run_dir))
    except ValueError as error:
        raise _fail(str(error)) from error


def _store(run_dir: Path | None, settings: Settings) -> ResultsStore:
    try:
        return ResultsStore(results_beside(run_dir, settings))
    except ValueError as error:
        raise _fail(str(error)) from error


@app.command("simulate")
def simulate_command(
    run_dir: RunDir,
    seed: Annotated[int, typer.Option(help="the traffic's seed (same seed, same file)")],
    out: Annotated[Path, typer.Option(help="results CSV to write")] = Path("results.csv"),
) -> None:
    """Simulated traffic for RUN_DIR's experiments (README "A/B experiments": the model)."""
    experiments = _experiments(run_dir) or {}
    if not experiments:
        raise _fail(f"{run_dir} has no experiments (run with --variants or --audiences)")
    variants = simulate(experiments, seed)
    out.write_text(simulated_csv(variants), encoding="utf-8")
    console.print(f"{len(variants)} variants of {len(experiments)} experiments -> {out}")


@app.command("ingest")
def ingest_command(
    results: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="results CSV")],
    run: RunOption = None,
) -> None:
    """Read impressions, clicks and orders per variant (totals to date) into the results store;
    each bad row is named, the rest is read; the same file twice changes nothing."""
    settings = Settings()
    store = _store(run, settings)
    try:
        done = ingest(
            results.read_bytes(), store, settings.experiments.results_rows, _experiments(run)
        )
    except ResultsFileError as error:
        raise _fail(f"{results}: {error}") from error
    for problem in done.file.errors:
        console.print(
            f"[yellow]not read[/yellow] {escape(f'{results}: {problem}')}", soft_wrap=True
        )
    what = "ingested" if done.new else "already ingested, nothing changed"
    console.print(
        f"{results}: {len(done.file.counts)} variants {what}, "
        f"{len(done.file.errors)} rows not read ({without_password(store.location)})",
        soft_wrap=True,
        markup=False,
    )
    if done.file.errors:
        raise typer.Exit(1)


def _rate(rate: RateEstimate) -> str:
    """A rate's mean and credible interval in percent."""
    return f"{rate.mean:.2%} ({rate.low * 100:.2f}-{rate.high:.2%})"


def report_table(report: ExperimentReport) -> Table:
    """One experiment's variants: traffic, conversion and click rate with intervals, P(best)."""
    where = " ".join(x for x in (report.sku, report.locale) if x)
    title = f"{report.experiment_id} {where}".strip()
    table = Table(title=escape(title))
    for name in ("variant", "audience", "status"):
        table.add_column(name)
    for name in ("impr.", "clicks", "orders", "conversion (95% CI)", "P(best)"):
        table.add_column(name, justify="right", no_wrap=True)
    for name in ("click rate (95% CI)", "P(best click)"):
        table.add_column(name, justify="right", no_wrap=True)
    winner = report.winner()
    for v in report.variants:
        style = "bold green" if winner and v is winner else None
        table.add_row(
            escape(v.variant_id),
            escape(v.audience or "-"),
            v.status or "-",
            str(v.impressions),
            str(v.clicks),
            str(v.orders),
            _rate(v.conversion),
            f"{v.p_best:.3f}",
            _rate(v.click_rate),
            f"{v.p_best_clicks:.3f}",
            style=style,
        )
    return table


@app.command("report")
def report_command(
    run: RunOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of tables")] = False,
) -> None:
    """Per listing and overall: each variant's conversion with a credible interval and the
    probability that it is best (Beta-Binomial posteriors, Beta(1,1) prior)."""
    settings = Settings()
    store = _store(run, settings)
    experiments = _experiments(run)
    counts = store.counts(set(experiments) if experiments is not None else None)
    reports, overall = build_report(counts, settings.experiments, experiments)
    if as_json:
        typer.echo(json.dumps(report_json(reports, overall), indent=2, ensure_ascii=False))
        return
    if not reports:
        console.print("no results ingested yet")
        return
    # Piped, rich assumes 80 columns and squeezes the variant ids out of sight: print wider.
    out = console if console.is_terminal else PlainConsole(width=REPORT_WIDTH)
    for report in [*reports, overall]:
        out.print(report_table(report))


@app.command("promote")
def promote_command(
    experiment_id: Annotated[str, typer.Argument(help="the experiment")],
    run: Annotated[
        Path, typer.Option("--run", exists=True, file_okay=False, help="the run's --out")
    ],
    by: Annotated[str, typer.Option(help="who promotes it (recorded)")],
    variant_id: Annotated[
        str | None, typer.Argument(help="the variant (default: the most likely best)")
    ] = None,
    db: Annotated[
        Path | None, typer.Option(help="the run's checkpoint file (default: run.json's db)")
    ] = None,
) -> None:
    """Make a shipped variant (the winner, or the one named) the listing of its sku x locale,
    recorded in the audit trail."""
    try:
        done = promote(run, experiment_id, variant_id, by, Settings(), db)
    except (PromoteError, ValueError) as error:
        raise _fail(str(error)) from error
    listing = done.listing
    console.print(
        f"{listing.sku} {listing.locale}: variant {done.variant_id} of {experiment_id} promoted "
        f"by {done.by}",
        markup=False,
        soft_wrap=True,
    )
