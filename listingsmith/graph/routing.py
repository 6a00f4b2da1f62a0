"""Routing functions: where a product or locale branch goes next, decided by code."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime
from langgraph.types import Send

from listingsmith.domain import Finding, Severity
from listingsmith.nodes.deps import Deps, deps_of
from listingsmith.state import LocaleState, ProductState

LOCALE_KEYS = ("run_id", "product", "attributes", "draft", "draft_meta", "draft_history")


def fan_out_locales(state: ProductState) -> list[Send]:
    """One locale branch per target locale, each with its own state."""
    shared = {key: state[key] for key in LOCALE_KEYS if key in state}
    return [Send("locale", {**shared, "locale": locale}) for locale in state["locales"]]


def open_findings(found: list[dict]) -> list[Finding]:
    """Findings that stop a text from shipping (block or fix, not yet fixed)."""
    findings = [Finding(**f) for f in found]
    return [f for f in findings if not f.fixed and f.severity is not Severity.WARN]


def after_draft_check(state: ProductState, runtime: Runtime[Deps]) -> list[Send] | str:
    """Redraft while the pivot draft has open findings and attempts are left; then translate
    (a draft still failing is held per locale by the locale review)."""
    failing = open_findings(state.get("draft_findings", []))
    if failing and state.get("draft_attempts", 0) < deps_of(runtime).settings.max_attempts:
        return "draft"
    return fan_out_locales(state)


def after_review(
    state: LocaleState, runtime: Runtime[Deps]
) -> Literal["finalize", "localize", "human_review"]:
    """Clean -> finalize; open findings and attempts left -> localize again; else a human.
    A reviewer's edit that still fails goes back to the reviewer, not to the model."""
    failing = open_findings(state.get("findings", []))
    if not failing:
        return "finalize"
    if state.get("human") or not all(f.fixable for f in failing):
        return "human_review"
    if state.get("attempts", 0) < deps_of(runtime).settings.max_attempts:
        return "localize"
    return "human_review"


def after_human(state: LocaleState) -> Literal["finalize", "review"]:
    """An edit is checked again; approve and reject are final."""
    human = state.get("human") or {}
    return "review" if human.get("action") == "edit" else "finalize"
