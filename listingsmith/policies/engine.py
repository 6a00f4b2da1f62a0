"""Apply policy packs to a listing: findings with spans, and deterministic fixes."""

from __future__ import annotations

from listingsmith.domain import Draft, Finding
from listingsmith.policies.packs import Rule, packs_for
from listingsmith.policies.rules import KINDS


def rule_findings(rule: Rule, field: str, text: str, locale: str) -> list[Finding]:
    """Findings of one rule on one field's text."""
    return [
        Finding(
            rule_id=rule.id,
            severity=rule.severity,
            locale=locale,
            field=field,
            span=span,
            message=rule.message.format(**values),
            suggested_fix=rule.fix,
        )
        for span, values in KINDS[rule.kind](text, rule.params)
    ]


def check_policies(
    draft: Draft, locale: str, marketplace: str, category: str | None
) -> tuple[list[Finding], list[str]]:
    """Every finding of every rule in scope, and the ids@versions of the packs applied."""
    findings: list[Finding] = []
    packs = packs_for(marketplace)
    for pack in packs:
        for rule in pack.rules:
            for field, text in draft.fields().items():
                if rule.scope.covers(locale, category, field):
                    findings += rule_findings(rule, field, text, locale)
    return findings, [f"{p.pack}@{p.version}" for p in packs]


def apply_fixes(draft: Draft, findings: list[Finding]) -> tuple[Draft, list[Finding]]:
    """Apply delete/truncate fixes to the draft; returns it and the findings marked fixed."""
    fields = draft.fields()
    edits: dict[str, list[tuple[int, int, str]]] = {}
    out = []
    for finding in findings:
        if (
            finding.suggested_fix in ("delete", "truncate")
            and finding.span
            and finding.field != "keywords"
        ):
            edits.setdefault(finding.field, []).append((*finding.span, finding.suggested_fix))
            out.append(finding.model_copy(update={"fixed": True}))
        else:
            out.append(finding)
    for field, spans in edits.items():
        fields[field] = _edit(fields[field], spans)
    bullets = [fields[f"bullets[{i}]"] for i in range(len(draft.bullets))]
    fixed = Draft(
        title=fields["title"],
        description=fields["description"],
        bullets=[b for b in bullets if b],
        keywords=draft.keywords,
    )
    return fixed, out


def _edit(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Apply the edits from the end of the text backwards so earlier spans stay valid."""
    for start, end, how in sorted(spans, reverse=True):
        if how == "truncate":
            head = text[:start]
            if start < len(text) and not text[start].isspace() and " " in head:
                head = head.rsplit(" ", 1)[0]
            text = head
        else:
            text = text[:start] + text[end:]
    return " ".join(text.split()).strip(" ,;:-")
