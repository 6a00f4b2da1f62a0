"""Routing functions: where a product or locale branch goes next, decided by code."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime
from langgraph.types import Send

from listingsmith.nodes.decision import ReviewOutcome, redraft, review_outcome
from listingsmith.nodes.deps import Deps, deps_of
from listingsmith.state import LocaleState, ProductState

LOCALE_KEYS = (
    "run_id",
    "product",
    "attributes",
    "conflicts",
    "draft",
    "draft_meta",
    "draft_history",
)


def fan_out_locales(state: ProductState) -> list[Send]:
    """One locale branch per target locale, each with its own state."""
    shared = {key: state[key] for key in LOCALE_KEYS if key in state}
    return [Send("locale", {**shared, "locale": locale}) for locale in state["locales"]]


def after_draft_check(state: ProductState, runtime: Runtime[Deps]) -> list[Send] | str:
    """Redraft while the pivot draft has open findings and attempts are left; then translate
    (a draft still failing is held per locale by the locale review)."""
    settings = deps_of(runtime).settings
    if redraft(
        state.get("draft_findings", []), state.get("draft_attempts", 0), settings.max_attempts
    ):
        return "draft"
    return fan_out_locales(state)


def after_review(state: LocaleState, runtime: Runtime[Deps]) -> ReviewOutcome:
    """Clean -> finalize; fixable and attempts left -> localize; else a person."""
    return review_outcome(
        state.get("findings", []),
        state.get("attempts", 0),
        deps_of(runtime).settings.max_attempts,
        state.get("human"),
    )


def after_human(state: LocaleState) -> Literal["finalize", "review"]:
    """An edit is checked again; approve and reject are final."""
    human = state.get("human") or {}
    return "review" if human.get("action") == "edit" else "finalize"
