"""What a channel writer reports: the files it wrote, how many listings went in, and each one
it refused with the reason, one line each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Refusal(NamedTuple):
    """One listing (or one of its rows) a writer did not write, and why, on one line."""

    sku: str
    locale: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sku} {self.locale}: {' '.join(self.reason.split())}"


@dataclass
class ChannelReport:
    """One writer's outcome."""

    format: str
    files: list[Path] = field(default_factory=list)
    written: int = 0
    refused: list[Refusal] = field(default_factory=list)

    def reasons(self) -> Counter[str]:
        """How many refusals of each kind (the reason up to its first colon)."""
        return Counter(r.reason.split(":", 1)[0] for r in self.refused)
