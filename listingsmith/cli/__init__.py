"""The command line, one module per command group, mounted here: `run`, `export`, `serve`, `model`
(serve), `train`, `eval`, `policies` (list, check, test), `review` (list, decide) and `audit`
(verify, show, export), `experiment` (simulate, ingest, report, promote), and `worker`.

A command's module is imported when the command runs (or when help lists it): `policies check`
does not load the graph, the model client or the trainer to check a file of listings."""

from __future__ import annotations

import signal
from importlib import import_module
from types import FrameType

import click
import typer
from typer.core import TyperGroup

from listingsmith.cli.errors import database_error_line, is_database_error

# Each command (in the order help lists them): its module and the command function or the
# group's Typer app in it.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("listingsmith.cli.run", "run"),
    "export": ("listingsmith.cli.export", "export"),
    "serve": ("listingsmith.cli.serve", "serve"),
    "train": ("listingsmith.cli.train", "train"),
    "worker": ("listingsmith.cli.worker", "worker"),
    "eval": ("listingsmith.cli.evaluate", "eval_command"),
    "model": ("listingsmith.cli.model", "app"),
    "policies": ("listingsmith.cli.policies", "app"),
    "review": ("listingsmith.cli.review", "app"),
    "audit": ("listingsmith.cli.audit", "app"),
    "experiment": ("listingsmith.cli.experiment", "app"),
}


class LazyCommands(TyperGroup):
    """The top-level group: each command built from its module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def invoke(self, ctx: click.Context) -> object:
        """The command; a database error is one line (cli.errors), never a traceback."""
        try:
            return super().invoke(ctx)
        except Exception as error:
            if not is_database_error(error):
                raise
            raise click.ClickException(database_error_line(error)) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in COMMANDS:
            found = _command(cmd_name)
            self.add_command(found, cmd_name)
        return found


def _command(name: str) -> click.Command:
    """The click command of one entry of COMMANDS (its module imported now)."""
    module, attribute = COMMANDS[name]
    value = getattr(import_module(module), attribute)
    if isinstance(value, typer.Typer):
        command = typer.main.get_group(value)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(value)
        command = typer.main.get_command(single)
    command.name = name
    return command


app = typer.Typer(
    cls=LazyCommands,
    help="Per-locale marketplace listings, checked against policy and facts.",
    no_args_is_help=True,
    # A traceback never shows its frames' variables: they hold database URLs with passwords,
    # API keys and seller data.
    pretty_exceptions_show_locals=False,
)


@app.callback()
def main() -> None:
    """Per-locale marketplace listings, checked against policy and facts."""
    # SIGTERM and SIGHUP unwind like Ctrl-C, so every `with` block (the model server's
    # included) closes; `serve` hands them to uvicorn, which shuts down the same way.
    for terminating in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(terminating, _exit_on_signal)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
