"""The command line, one module per command group, mounted here: `run`, `export`, `serve`, `model`
(serve), `train`, `eval`, `policies` (list, check, test), `review` (list, decide) and `audit`
(verify, show, export), `experiment` (simulate, ingest, report, promote), and `worker`."""

from __future__ import annotations

import signal
from types import FrameType

import typer

from listingsmith.cli import audit, evaluate, experiment, model, policies, review
from listingsmith.cli.export import export
from listingsmith.cli.run import run
from listingsmith.cli.serve import serve
from listingsmith.cli.train import train
from listingsmith.cli.worker import worker

app = typer.Typer(
    help="Per-locale marketplace listings, checked against policy and facts.", no_args_is_help=True
)
app.command()(run)
app.command()(export)
app.command()(serve)
app.command()(train)
app.command()(worker)
app.command("eval")(evaluate.eval_command)
app.add_typer(model.app, name="model")
app.add_typer(policies.app, name="policies")
app.add_typer(review.app, name="review")
app.add_typer(audit.app, name="audit")
app.add_typer(experiment.app, name="experiment")


@app.callback()
def main() -> None:
    """Per-locale marketplace listings, checked against policy and facts."""
    # SIGTERM and SIGHUP unwind like Ctrl-C, so every `with` block (the model server's
    # included) closes; `serve` hands them to uvicorn, which shuts down the same way.
    for terminating in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(terminating, _exit_on_signal)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
