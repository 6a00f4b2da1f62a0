"""`listingsmith policies list | check | test`: the policy packs, one listing checked against
them, and every rule's own examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from listingsmith.attributes.text import seller_attributes
from listingsmith.checks import Checks, check_listing
from listingsmith.cli.shared import console
from listingsmith.config import Settings
from listingsmith.domain import Draft, Product
from listingsmith.policies.packs import load_packs
from listingsmith.policies.selftest import run_all_examples

app = typer.Typer(help="Policy packs: list, check a listing, run examples.", no_args_is_help=True)


@app.command("list")
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


@app.command("check")
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


@app.command("test")
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
