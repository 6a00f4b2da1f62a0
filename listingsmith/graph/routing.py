"""Routing functions: where a product or locale branch goes next. They read the verdict the
judging node wrote into state; they never judge again."""

from __future__ import annotations

from typing import Literal

from langgraph.types import Send

from listingsmith.checks.verdict import Route
from listingsmith.state import LocaleState, ProductState

LOCALE_KEYS = (
    "run_id",
    "product",
    "attributes",
    "conflicts",
    "suggestions",
    "category",
    "framing",
    "draft",
    "draft_meta",
    "draft_history",
)


def fan_out_locales(state: ProductState) -> list[Send]:
    """One locale branch per target locale, each with its own state."""
    shared = {key: state[key] for key in LOCALE_KEYS if key in state}
    live = state.get("live") or {}
    return [
        Send("locale", {**shared, "locale": locale, "live": live.get(locale)})
        for locale in state["locales"]
    ]


def after_draft_check(state: ProductState) -> list[Send] | str:
    """check_draft's verdict: redraft, or translate (a draft still failing is held per locale
    by the locale checks)."""
    return "draft" if state["draft_verdict"] == "redraft" else fan_out_locales(state)


def after_checks(state: LocaleState) -> Route:
    """The checks node's verdict: finalize, localize again, or a person."""
    return state["route"]


def after_human(state: LocaleState) -> Literal["finalize", "checks"]:
    """An edit is checked again; approve and reject are final."""
    human = state.get("human") or {}
    return "checks" if human.get("action") == "edit" else "finalize"
