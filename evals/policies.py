"""`eval --task policies`: labelled listing cases through the same checking code as
`policies check`; recall on violations and false alarms on controls per regime, language,
variant and regime x variant, and the learned detector (rule ids learned.*) apart."""

from __future__ import annotations

import html
import itertools
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table

from listingsmith.batch.catalog import RecordError
from listingsmith.batch.policy_lines import read_listings, result_of
from listingsmith.config import Settings
from listingsmith.text.languages import language_of

# Findings of the learned paraphrase detector: never counted for a regime, reported apart.
LEARNED = "learned."
# A third party's names for the labels: variant values, and the label's own values.
VARIANT_ALIASES = {"control": "near_miss", "near-miss": "near_miss", "near miss": "near_miss"}
LABEL_VALUES = {"violation": True, "control": False}
# Cases listed by name in the metrics (misses, false alarms, bad lines), at most.
LISTED = 100


@dataclass(frozen=True)
class Case:
    """One corpus line as read: its JSON value, or why it could not be read."""

    dataset: str
    line: int
    raw: Any
    error: RecordError | None


@dataclass(frozen=True)
class Outcome:
    """One checked case: its labels, the regimes whose findings fired and the learned
    detector's verdict."""

    case_id: str | None
    regime: str
    language: str
    variant: str
    violation: bool
    fired: frozenset[str]
    learned: bool

    @property
    def hit(self) -> bool:
        """A finding of the case's own regime fired (caught, or a false alarm on a control)."""
        return self.regime in self.fired


def read_cases(path: Path, limit: int | None) -> list[Case]:
    """The first `limit` cases of a corpus file (every case without a limit)."""
    lines = read_listings(path, Settings().input_limits)
    return [Case(path.stem, n, raw, error) for n, raw, error in itertools.islice(lines, limit)]


def labelled(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A case's labels (regime, language, variant, violation) and the listing line to check;
    accepts `expected_violation` or `label` for `violation`, `control` or `near-miss` as
    variants for near_miss, and `category` naming the regime (then not the product's)."""
    line = dict(raw)
    regime = raw.get("regime")
    if regime is None and isinstance(raw.get("category"), str):
        regime = line.pop("category")
    if not isinstance(regime, str) or not regime:
        raise ValueError("field regime: missing (or a category naming the regime)")
    violation = _violation(raw)
    variant = raw.get("variant")
    variant = VARIANT_ALIASES.get(str(variant).casefold(), variant) if variant else "unlabelled"
    language = raw.get("language") or language_of(str(raw.get("locale", "")).replace("_", "-"))
    labels = {
        "regime": regime,
        "language": language_of(str(language)),
        "variant": str(variant),
        "violation": violation,
    }
    return labels, line


def _violation(raw: dict[str, Any]) -> bool:
    for key in ("violation", "expected_violation", "label"):
        value = raw.get(key)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.casefold() in LABEL_VALUES:
            return LABEL_VALUES[value.casefold()]
        if value is not None:
            raise ValueError(f"field {key}: expected true/false, 'violation' or 'control'")
    raise ValueError("field violation: missing (or expected_violation, or label)")


def check_cases(cases: Iterable[Case], settings: Settings) -> tuple[list[Outcome], list[dict]]:
    """Every case through `policies check`'s code: the outcomes, and the bad cases with their
    one-line errors."""
    outcomes, bad = [], []
    for case in cases:
        labels, line = {}, case.raw
        if case.error is None and isinstance(case.raw, dict):
            try:
                labels, line = labelled(case.raw)
            except ValueError as error:
                bad.append(_bad(case, f"line {case.line}, {error}"))
                continue
        result = result_of(case.line, line, case.error, {}, settings)
        if "error" in result:
            bad.append(_bad(case, result["error"]))
            continue
        rules = [f["rule_id"] for f in result["findings"]]
        fired = {f["regime"] for f in result["findings"] if _alarm(f)}
        learned = any(rule.startswith(LEARNED) for rule in rules)
        outcomes.append(Outcome(result["id"], **labels, fired=frozenset(fired), learned=learned))
    return outcomes, bad


def _alarm(finding: dict[str, Any]) -> bool:
    """Whether a finding counts for its regime: not the learned detector's, and not a legal
    disclosure the engine appends from the product's own data (the listing ships with it)."""
    appended = finding["fix"] == "append" and bool(finding.get("suggested_fix"))
    return not finding["rule_id"].startswith(LEARNED) and not appended


def _bad(case: Case, error: str) -> dict[str, Any]:
    given = case.raw.get("id") if isinstance(case.raw, dict) else None
    return {"dataset": case.dataset, "line": case.line, "id": given, "error": error}


def tally(outcomes: list[Outcome]) -> dict[str, Any]:
    """Cases, violations caught (recall), controls and false alarms (false-alarm rate)."""
    violations = [o for o in outcomes if o.violation]
    controls = [o for o in outcomes if not o.violation]
    caught = sum(o.hit for o in violations)
    alarms = sum(o.hit for o in controls)
    return {
        "cases": len(outcomes),
        "violations": len(violations),
        "caught": caught,
        "recall": caught / len(violations) if violations else None,
        "controls": len(controls),
        "false_alarms": alarms,
        "false_alarm_rate": alarms / len(controls) if controls else None,
    }


def learned_tally(outcomes: list[Outcome]) -> dict[str, Any]:
    """The learned detector: precision and recall on paraphrase cases, false alarms on every
    control."""
    paraphrases = [o for o in outcomes if o.variant == "paraphrase"]
    flagged = [o for o in paraphrases if o.learned]
    right = sum(o.violation for o in flagged)
    violations = sum(o.violation for o in paraphrases)
    controls = [o for o in outcomes if not o.violation]
    alarms = sum(o.learned for o in controls)
    return {
        "paraphrase_cases": len(paraphrases),
        "paraphrase_violations": violations,
        "flagged": len(flagged),
        "precision": right / len(flagged) if flagged else None,
        "recall": right / violations if violations else None,
        "controls": len(controls),
        "false_alarms": alarms,
        "false_alarm_rate": alarms / len(controls) if controls else None,
    }


def evaluate_policies(
    cases_by_dataset: dict[str, list[Case]], settings: Settings, known: set[str]
) -> dict[str, Any]:
    """Every case checked; the tallies per group (overall, regime, language, variant and
    regime|variant), the learned detector's, misses, false alarms and bad cases. `known`: the
    pack ids, to name the regimes no pack has."""
    cases = [c for part in cases_by_dataset.values() for c in part]
    started = time.process_time()
    outcomes, bad = check_cases(cases, settings)
    seconds = time.process_time() - started
    keys = {
        "regime": lambda o: o.regime,
        "language": lambda o: o.language,
        "variant": lambda o: o.variant,
    }
    groups: dict[str, Any] = {"overall": tally(outcomes)}
    for what, key in keys.items():
        for value in sorted({key(o) for o in outcomes}):
            groups[f"{what} {value}"] = tally([o for o in outcomes if key(o) == value])
    for regime, variant in sorted({(o.regime, o.variant) for o in outcomes}):
        chosen = [o for o in outcomes if (o.regime, o.variant) == (regime, variant)]
        groups[f"{regime}|{variant}"] = tally(chosen)
    return {
        "groups": groups,
        "learned": learned_tally(outcomes),
        "regimes_without_pack": sorted({o.regime for o in outcomes} - known),
        "misses": [_named(o) for o in outcomes if o.violation and not o.hit][:LISTED],
        "false_alarm_cases": [_named(o) for o in outcomes if not o.violation and o.hit][:LISTED],
        "bad_cases": len(bad),
        "bad_case_lines": bad[:LISTED],
        "cases_per_cpu_second": round(len(cases) / seconds) if seconds else None,
    }


def _named(outcome: Outcome) -> dict[str, Any]:
    return {
        "id": outcome.case_id,
        "regime": outcome.regime,
        "language": outcome.language,
        "variant": outcome.variant,
        "fired": sorted(outcome.fired),
    }


def group_table(metrics: dict[str, Any]) -> Table:
    """Cases, recall and false alarms overall and per regime, language and variant."""
    table = Table(
        "group",
        "cases",
        "violations",
        "caught",
        "recall",
        "controls",
        "false alarms",
        "rate",
        title=f"policies: {metrics['settings']['records']} cases",
    )
    for name, row in metrics["groups"].items():
        if "|" not in name:
            table.add_row(
                name,
                *(str(row[k]) for k in ("cases", "violations", "caught")),
                _share(row["recall"]),
                str(row["controls"]),
                str(row["false_alarms"]),
                _share(row["false_alarm_rate"]),
            )
    return table


def regime_variant_table(metrics: dict[str, Any]) -> Table:
    """Recall (violations) and false alarms (controls) per regime and variant, for a terminal."""
    cells = {tuple(name.split("|")): row for name, row in metrics["groups"].items() if "|" in name}
    variants = sorted({variant for _, variant in cells})
    table = Table("regime", *variants, title="recall / false alarms per regime and variant")
    for regime in sorted({regime for regime, _ in cells}):
        table.add_row(regime, *(_cell(cells.get((regime, v))) for v in variants))
    return table


def learned_line(metrics: dict[str, Any]) -> str:
    """The learned detector's numbers in one line."""
    learned = metrics["learned"]
    return (
        f"learned detector: precision {_share(learned['precision'])}, recall "
        f"{_share(learned['recall'])} on {learned['paraphrase_cases']} paraphrase cases; "
        f"false alarms {learned['false_alarms']} of {learned['controls']} controls; "
        f"{metrics['bad_cases']} bad case(s)"
    )


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _cell(row: dict[str, Any] | None) -> str:
    if row is None:
        return ""
    parts = []
    if row["violations"]:
        parts.append(f"{row['recall']:.0%} of {row['violations']}")
    if row["controls"]:
        parts.append(f"FA {row['false_alarm_rate']:.0%} of {row['controls']}")
    return "; ".join(parts)


def policies_sections(metrics: dict[str, Any]) -> str:
    """The report's own sections: the learned detector, regimes without a pack, bad cases."""
    learned = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{_value(v)}</td></tr>"
        for k, v in metrics["learned"].items()
    )
    bad = "".join(
        f"<li>{html.escape(str(b['dataset']))}: {html.escape(b['error'])}</li>"
        for b in metrics["bad_case_lines"][:50]
    )
    missing = html.escape(", ".join(metrics["regimes_without_pack"]) or "none")
    return (
        f"<h2>Learned detector (learned.*)</h2><table>{learned}</table>"
        f"<h2>Regimes without a pack</h2><p>{missing}</p>"
        f"<h2>Bad cases ({metrics['bad_cases']})</h2><ul>{bad}</ul>"
    )


def _value(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.1%}" if isinstance(value, float) else html.escape(str(value))
