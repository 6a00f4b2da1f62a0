"""`listingsmith eval`: score a task (extract, factcheck, localize, listing, adequacy,
translate, policies) on datasets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from listingsmith.batch.policy_lines import InputError
from listingsmith.cli.shared import console, seller_profile
from listingsmith.config import Settings

ADAPTER_TASKS = {"listing": "draft", "translate": "localize"}


def eval_command(
    datasets: Annotated[
        list[Path],
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="JSONL: product data; adequacy: labelled fields; translate: en + target keys; "
            "policies: labelled listing cases",
        ),
    ],
    task: Annotated[
        str,
        typer.Option(
            help="extract | factcheck | localize | listing | adequacy | translate | policies"
        ),
    ] = "factcheck",
    out: Annotated[Path, typer.Option(help="output folder")] = Path("out/eval"),
    limit: Annotated[
        int | None, typer.Option(min=1, help="the first N records per dataset")
    ] = None,
    sample: Annotated[
        int | None, typer.Option(min=1, help="a seeded random sample of N records per dataset")
    ] = None,
    locales: Annotated[
        str | None, typer.Option(help="localize, listing, translate: comma-separated")
    ] = None,
    llm_url: Annotated[str | None, typer.Option(help="localize: vLLM URL (…/v1)")] = None,
    model: Annotated[str | None, typer.Option(help="localize: served model name")] = None,
    no_model: Annotated[
        bool, typer.Option("--no-model", help="extract: deterministic extractors only")
    ] = False,
    adapter: Annotated[
        str | None,
        typer.Option(help="LoRA adapter for the task's model calls; 'base': the base model"),
    ] = None,
    seller: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="localize, listing: seller profile (YAML)"),
    ] = None,
    model_answers: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="extract: an earlier run's model_answers.jsonl, replayed for the same records, "
            "prompts and model (the rest are asked)",
        ),
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
    profile = seller_profile(seller, settings)
    try:
        metrics = run_eval(
            datasets,
            task,
            out,
            limit,
            settings,
            chosen,
            use_model=not no_model,
            sample=sample,
            seller=profile,
            model_answers=model_answers,
        )
    except InputError as error:  # a dataset that holds no record or cannot be decoded
        console.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True, highlight=False)
        raise typer.Exit(2) from error
    if task == "policies":
        from evals.policies import group_table, learned_line, regime_variant_table

        console.print(group_table(metrics))
        console.print(regime_variant_table(metrics))
        console.print(learned_line(metrics))
    else:
        console.print(_group_table(task, metrics))
    console.print(f"wrote {out / 'metrics.json'} and {out / 'report.html'}")


def _group_table(task: str, metrics: dict) -> Table:
    """One row per group (per-locale and similar; "a|b" cross groups left to the report)."""
    rows = {name: row for name, row in metrics["groups"].items() if "|" not in name}
    columns = sorted(
        {k for row in rows.values() for k, v in row.items() if not isinstance(v, dict)}
    )
    table = Table("group", *columns, title=f"{task}: {metrics['settings']['records']} records")
    for name, row in rows.items():
        table.add_row(name, *(_show(column, row.get(column)) for column in columns))
    return table


RATE_COLUMNS = frozenset(
    {"recall", "false_alarm_rate", "langid_pass", "protected_terms_kept", "numbers_match"}
    | {"numbers_kept"}
    | {"precision", "f1", "relaxed_f1", "macro_f1", "policy_pass_rate"}
    | {"shipped_share", "data_composed_share", "model_written_share"}
)


def _show(column: str, value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.1%}" if column in RATE_COLUMNS and isinstance(value, float) else str(value)
