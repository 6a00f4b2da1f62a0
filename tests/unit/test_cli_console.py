"""Seller text on the terminal: no control character of it reaches the terminal (an escape
sequence retitles the window, writes the clipboard or hides text) and rich markup in it is shown
as text, never read as markup (a "[link=...]" hyperlink, a style that hides what follows)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from typer.testing import CliRunner

from listingsmith.audit.log import AuditLog
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.cli import app
from listingsmith.cli.console import PlainConsole, shown
from listingsmith.config import Settings
from listingsmith.serving.connect import model_client
from tests.unit.fakes import DE_WRONG_HOURS, DISPUTED, EN_GOOD, fake_model, translations
from tests.unit.test_runner import Quiet

MARKUP = "[link=https://evil.example]click[/link][conceal]hidden[/conceal]"
SKU = f"SKU-1{MARKUP}\x1b]0;pwned\x07\x1b[8m\x9b2J"


def _clean(output: str) -> None:
    assert not any(c in output for c in "\x1b\x07\x9b"), repr(output)
    assert MARKUP in output  # shown as text, not read as a link and a concealed style


def test_shown_drops_controls_and_escapes_markup() -> None:
    assert shown("a\x1b[31mb[bold]c\x07") == "a[31mb\\[bold]c"
    console = PlainConsole(width=200, force_terminal=False, record=True)
    console.print(f"[red]error:[/red] {shown(SKU)}")
    text = console.export_text()
    assert text.startswith("error: SKU-1[link=https://evil.example]click[/link]")
    assert "\x1b" not in text and "hidden" in text


def test_audit_show_prints_a_hostile_sku_as_text(tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    log = AuditLog(db)
    log.append("run1", SKU, "review", {"verdict": "finalize"}, "de-DE", 1)
    log.close()
    result = CliRunner().invoke(
        app, ["audit", "show", SKU, "--db", str(db)], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    _clean(result.output)
    assert "review" in result.output  # the event is listed


def test_review_list_prints_a_hostile_sku_as_text(tmp_path: Path) -> None:
    db = tmp_path / "out" / "state.sqlite"
    settings = Settings(max_attempts=1)
    product = DISPUTED.model_copy(update={"sku": SKU})
    model = fake_model([EN_GOOD], translations(DE_WRONG_HOURS))
    spec = JobSpec([product], ["de-DE"], db.parent, "run1", db_path=db)
    asyncio.run(run_job(spec, settings, model_client(settings, model, "fake"), observer=Quiet()))
    result = CliRunner().invoke(app, ["review", "list", "--db", str(db)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    _clean(result.output)
    assert "1 held" in result.output
