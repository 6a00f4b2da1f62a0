"""`listingsmith policies list | check | test`: the policy packs, listings checked against them
(one JSON file, or a JSONL file of many), and every rule's own examples."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperCommand

from listingsmith.batch.policy_lines import (
    BAD_INPUT,
    LINE_SUFFIXES,
    InputError,
    exit_code,
    read_listings,
    results,
)
from listingsmith.cli.console import PlainConsole, console
from listingsmith.config import Settings
from listingsmith.policies.packs import load_packs
from listingsmith.text.markets import marketplace_id, region_locale

app = typer.Typer(help="Policy packs: list, check listings, run examples.", no_args_is_help=True)
err_console = PlainConsole(stderr=True)


class BadInputExits3(TyperCommand):
    """A command whose usage errors (a missing argument, an unknown option) exit 3, bad input,
    as its other bad input does: 2 means blocked."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:
            error.exit_code = BAD_INPUT
            raise


def _parsed_option(parse: Callable[[str], str], value: str) -> str:
    """An option's value through its parser, or exit 3 with its one-line error."""
    try:
        return parse(value)
    except ValueError as error:
        say_error(str(error))
        raise typer.Exit(BAD_INPUT) from error


def say_error(message: str) -> None:
    """One error line on stderr; what the seller sent is never read as markup."""
    err_console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True, highlight=False)


@app.command("list")
def policies_list(
    locale: Annotated[str | None, typer.Option(help="only packs and rules for this locale")] = None,
    marketplace: Annotated[str, typer.Option(help="marketplace")] = "amazon",
    category: Annotated[str | None, typer.Option(help="product category")] = None,
) -> None:
    """Every pack and rule (or those that apply to --locale and --marketplace)."""
    where = _parsed_option(region_locale, locale) if locale else None
    market = _parsed_option(marketplace_id, marketplace)
    table = Table("pack", "rule", "kind", "severity", "fix", "citation")
    for pack in load_packs():
        rules = pack.applies(where, market, category) if where else pack.rules
        for rule in rules:
            cells = (pack.ref, rule.id, rule.kind, rule.severity.value, rule.fix, rule.citation)
            table.add_row(*(escape(cell) for cell in cells))
    console.print(table)
    if where and not table.rows:
        console.print(f"no policy pack applies to {where} on {market}", markup=False)


@app.command("check", cls=BadInputExits3)
def policies_check(
    listings: Annotated[
        Path, typer.Argument(help="FILE.json (one listing) or FILE.jsonl (one per line)")
    ],
    locale: Annotated[
        str | None, typer.Option(help="BCP 47 locale with a region, e.g. de-DE (lines: default)")
    ] = None,
    marketplace: Annotated[
        str, typer.Option(help="marketplace id, e.g. amazon (lines: default)")
    ] = "amazon",
    category: Annotated[str | None, typer.Option(help="product category")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="FILE.json: print JSON")] = False,
) -> None:
    """Check listings against the policy packs of their locale and marketplace.

    FILE.jsonl: one listing per line ({"id", "locale", "marketplace", "brand", "category",
    "listing": {"title", "bullets", "description", "keywords"}, "attributes"}), one JSON line
    out per listing in: its verdict, packs and findings, or its error. FILE.json: one listing
    (title, bullets, description, keywords, attributes), shown as a table or with --json.

    Exit codes: 0 clean (warnings allowed), 1 findings to fix, 2 blocked, 3 bad input (a bad
    file, line, option or argument; 3 wins over the others).
    """
    defaults = {"marketplace": _parsed_option(marketplace_id, marketplace)}
    if locale is not None:
        defaults["locale"] = _parsed_option(region_locale, locale)
    if category is not None:
        defaults["category"] = category
    settings = Settings()
    worst = 0
    unscoped: Counter[tuple[str, str]] = Counter()
    lines = read_listings(listings, settings.input_limits)
    try:
        for line in results(lines, defaults, settings):
            worst = max(worst, exit_code(line))
            if "error" not in line and not line["packs"]:
                unscoped[(line["locale"], line["marketplace"])] += 1
            _show(line, listings, as_json)
    except InputError as error:
        say_error(str(error))
        raise typer.Exit(BAD_INPUT) from error
    for (where, market), count in unscoped.items():
        err_console.print(
            f"no policy pack applies to {where} on {market} ({count} listing(s))", markup=False
        )
    raise typer.Exit(worst)


def _show(line: dict[str, Any], path: Path, as_json: bool) -> None:
    """One result: a JSON line (JSONL input), pretty JSON (--json), or a table."""
    if path.suffix.casefold() in LINE_SUFFIXES:
        print(json.dumps(line, ensure_ascii=False))
    elif "error" in line:
        say_error(f"{path.name}: {line['error']}")
    elif as_json:
        print(json.dumps(line, ensure_ascii=False, indent=2))
    else:
        table = Table(
            "rule",
            "severity",
            "field",
            "span",
            "message",
            "fix",
            title=escape(
                f"{line['verdict']}: {len(line['findings'])} finding(s); "
                f"packs {', '.join(line['packs']) or 'none'}"
            ),
        )
        for f in line["findings"]:
            cells = (f["rule_id"], f["severity"], f["field"], f["span"], f["message"], f["fix"])
            table.add_row(*(escape(str(cell)) for cell in cells))
        console.print(table)


@app.command("test")
def policies_test() -> None:
    """Run every rule's own examples; exits 1 if any rule misses or misfires."""
    # Through guardrails' validate: imported here, not for `policies check` (seconds).
    from listingsmith.policies.selftest import run_all_examples

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
