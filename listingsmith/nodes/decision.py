"""Where a text goes after its checks, decided by code (used by the graph's routing and
recorded by the nodes in the audit log)."""

from __future__ import annotations

from typing import Any, Literal

from listingsmith.domain import Finding, Severity

ReviewOutcome = Literal["finalize", "localize", "human_review"]


def open_findings(found: list[dict[str, Any]]) -> list[Finding]:
    """Findings that stop a text from shipping (block or fix, not yet fixed)."""
    findings = [Finding(**f) for f in found]
    return [f for f in findings if not f.fixed and f.severity is not Severity.WARN]


def review_outcome(
    found: list[dict[str, Any]], attempts: int, max_attempts: int, human: dict[str, Any] | None
) -> ReviewOutcome:
    """Clean -> finalize; open findings the model may fix and attempts left -> localize
    again; else a person. A reviewer's edit that still fails goes back to the reviewer."""
    failing = open_findings(found)
    if not failing:
        return "finalize"
    if human or not all(f.fixable for f in failing):
        return "human_review"
    return "localize" if attempts < max_attempts else "human_review"


def redraft(found: list[dict[str, Any]], draft_attempts: int, max_attempts: int) -> bool:
    """Whether the pivot draft is written again before translation."""
    return bool(open_findings(found)) and draft_attempts < max_attempts
