"""Apply the policy packs to a listing: findings with spans, and the deterministic fixes."""

from __future__ import annotations

from functools import cache

import ahocorasick

from listingsmith.domain import Draft, Finding
from listingsmith.policies.packs import Pack, Rule, load_packs
from listingsmith.policies.rules import RuleContext, fold
from listingsmith.policies.validators import RuleValidator, build_validator

# Rule kinds that can only fire where one of their phrases occurs in the text.
PHRASE_KINDS = ("banned_phrases", "evidence_claim")


@cache
def _validators(
    locale: str, marketplace: str, category: str | None
) -> tuple[tuple[Pack, ...], tuple[tuple[Rule, RuleValidator], ...]]:
    packs = tuple(p for p in load_packs() if p.applies(locale, marketplace, category))
    rules = tuple(
        (rule, build_validator(rule))
        for pack in packs
        for rule in pack.applies(locale, marketplace, category)
    )
    return packs, rules


def applicable_packs(locale: str, marketplace: str, category: str | None) -> list[Pack]:
    """The packs with at least one rule in scope for a listing."""
    return list(_validators(locale, marketplace, category)[0])


def rule_findings(
    rule: Rule, validator: RuleValidator, field: str, text: str, locale: str, context: RuleContext
) -> list[Finding]:
    """Findings of one rule on one field's text, through its guardrails validator."""
    result = validator.validate(text, {"context": context})
    if result.outcome == "pass":
        return []
    findings = []
    for (span, values), message in zip(
        result.metadata["hits"], result.metadata["messages"], strict=True
    ):
        fix = rule.fix if values.get("_fixable", True) else "none"
        findings.append(
            Finding(
                rule_id=rule.id,
                severity=rule.severity,
                locale=locale,
                field=field,
                span=span,
                message=message,
                fix=fix,
                suggested_fix=values.get("_append"),
            )
        )
    return findings


def check_policies(
    draft: Draft,
    locale: str,
    marketplace: str,
    category: str | None,
    context: RuleContext | None = None,
) -> tuple[list[Finding], list[str]]:
    """Every finding of every rule in scope, and the pack@version refs applied."""
    packs, _ = _validators(locale, marketplace, category)
    automaton, triggers = _phrase_index(locale, marketplace, category)
    context = context or RuleContext()
    findings: list[Finding] = []
    fields = draft.fields()
    for field, rules in _rules_by_field(locale, marketplace, category, tuple(fields)):
        text = fields[field]
        present = {phrase for _, phrase in automaton.iter(fold(text))} if automaton else set()
        for rule, validator in rules:
            needed = triggers.get(rule.id)
            if needed is not None and not needed & present:
                continue  # none of its phrases occur: it cannot fire
            findings += rule_findings(rule, validator, field, text, locale, context)
    return findings, [p.ref for p in packs]


@cache
def _phrase_index(
    locale: str, marketplace: str, category: str | None
) -> tuple[ahocorasick.Automaton | None, dict[str, frozenset[str]]]:
    """One Aho-Corasick automaton over the phrases of every rule in scope, so a field is scanned
    once; rules that fire only on phrases run only when one of theirs occurs."""
    _, rules = _validators(locale, marketplace, category)
    triggers = {
        rule.id: frozenset(fold(p) for p in rule.params["phrases"])
        for rule, _ in rules
        if rule.kind in PHRASE_KINDS
        and rule.params.get("phrases")
        and not rule.params.get("patterns")
    }
    phrases = set().union(*triggers.values()) if triggers else set()
    if not phrases:
        return None, triggers
    automaton = ahocorasick.Automaton()
    for phrase in phrases:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    return automaton, triggers


@cache
def _rules_by_field(
    locale: str, marketplace: str, category: str | None, fields: tuple[str, ...]
) -> tuple[tuple[str, tuple[tuple[Rule, RuleValidator], ...]], ...]:
    """For each field, the rules (with validators) that check it: resolved once per shape."""
    _, rules = _validators(locale, marketplace, category)
    return tuple(
        (field, tuple((r, v) for r, v in rules if r.scope.covers_field(field))) for field in fields
    )


def apply_fixes(draft: Draft, findings: list[Finding]) -> tuple[Draft, list[Finding]]:
    """Apply delete / truncate / append fixes; returns the draft and the findings, the applied
    ones marked fixed. Keywords are a list, so only the model rewrites them."""
    fields = draft.fields()
    edits: dict[str, list[tuple[int, int, str, str | None]]] = {}
    out = []
    for finding in findings:
        safe = finding.fix in ("delete", "truncate", "append") and finding.span is not None
        if safe and finding.field in fields and finding.field != "keywords":
            start, end = finding.span
            edits.setdefault(finding.field, []).append(
                (start, end, finding.fix, finding.suggested_fix)
            )
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


def _edit(text: str, spans: list[tuple[int, int, str, str | None]]) -> str:
    """Apply the edits from the end backwards so earlier spans stay valid."""
    appended = []
    for start, end, how, addition in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        if how == "append":
            appended.append(addition or "")
        elif how == "truncate":
            head = text[:start]
            if start < len(text) and not text[start].isspace() and " " in head:
                head = head.rsplit(" ", 1)[0]
            text = head
        else:
            text = text[:start] + text[end:]
    text = " ".join(text.split()).strip(" ,;:-")
    if appended and text and text[-1] not in ".!?。":
        text += "."
    return " ".join([text, *(a for a in appended if a)]).strip()
