"""The review queue's triage: findings grouped with counts, what a reviewer filters the queue
by (locale, rule, age: applied on the index, storage/held.py), and which listings a bulk
approve may take (warnings only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from listingsmith.domain import Severity

SEVERITY_ORDER = {Severity.BLOCK.value: 0, Severity.FIX.value: 1, Severity.WARN.value: 2}


def grouped_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings de-duplicated by (rule, severity, message), each with its count and the
    fields it was found in, the most severe first."""
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for finding in findings:
        key = (
            str(finding.get("rule_id", "")),
            str(finding.get("severity", "")),
            str(finding.get("message", "")),
        )
        group = groups.setdefault(
            key,
            {"rule_id": key[0], "severity": key[1], "message": key[2], "count": 0, "fields": []},
        )
        group["count"] += 1
        field = str(finding.get("field", ""))
        if field and field not in group["fields"]:
            group["fields"].append(field)
    return sorted(
        groups.values(), key=lambda g: (SEVERITY_ORDER.get(g["severity"], 3), g["rule_id"])
    )


class Held(Protocol):
    """A held listing, from the checkpoints (HeldItem) or the queue's index (HeldRow)."""

    @property
    def payload(self) -> dict[str, Any]: ...


def warnings_only(item: Held) -> bool:
    """True when every finding of a held listing is a warning (and it has a listing at all):
    the only listings a bulk approve may take."""
    findings = item.payload.get("findings", [])
    return item.payload.get("listing") is not None and all(
        f.get("severity") == Severity.WARN.value for f in findings
    )


@dataclass(frozen=True)
class QueueFilter:
    """What a reviewer narrowed the queue to: a locale, a rule id, a minimum age in hours."""

    locale: str = ""
    rule: str = ""
    min_age_hours: float = 0.0
