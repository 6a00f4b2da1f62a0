"""fastText's trainer lives in a venv of its own ($VENV-claims): find it, run code in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def trainer_python() -> Path | None:
    """The trainer venv's python ($LISTINGSMITH_CLAIMS_PYTHON, else $VENV-claims), if any."""
    named = os.environ.get("LISTINGSMITH_CLAIMS_PYTHON")
    path = Path(named) if named else Path(f"{sys.prefix}-claims") / "bin" / "python"
    return path if path.exists() else None


def run_in_trainer(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -c code args...` in the trainer venv, seeing this checkout's package."""
    return subprocess.run(
        [str(trainer_python()), "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
