"""The graph's state schemas (TypedDicts with reducers), shared by nodes and graph."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer: parallel branches each add their own keys."""
    return {**(left or {}), **(right or {})}


class ProductState(TypedDict, total=False):
    """State of one product's thread (thread id = run id + sku)."""

    run_id: str
    product: dict[str, Any]  # Product.model_dump()
    locales: list[str]
    attributes: list[dict[str, Any]]  # Attribute dumps, fused
    conflicts: list[dict[str, Any]]
    draft: dict[str, Any]  # pivot Draft
    draft_meta: dict[str, Any]  # model id, prompt hash, tokens, seconds
    draft_attempts: int
    draft_findings: list[dict[str, Any]]  # findings of the latest pivot draft
    draft_history: Annotated[list[dict[str, Any]], operator.add]  # findings of replaced drafts
    results: Annotated[dict[str, dict[str, Any]], merge_dicts]  # locale -> LocaleListing dump
    timings: Annotated[list[tuple[str, float]], operator.add]  # (node, seconds)


class LocaleState(TypedDict, total=False):
    """State of one locale branch, started by Send from the product graph."""

    run_id: str
    product: dict[str, Any]
    attributes: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]  # Conflict dumps from extract
    draft: dict[str, Any]
    draft_meta: dict[str, Any]
    draft_history: list[dict[str, Any]]
    locale: str
    listing: dict[str, Any] | None  # this locale's current Draft
    attempts: int  # model attempts for this locale (translation or rewrite)
    findings: list[dict[str, Any]]  # findings of the latest review
    history: Annotated[list[dict[str, Any]], operator.add]  # every finding of every attempt
    packs: list[str]
    meta: dict[str, Any]  # model id, prompt hash of the latest attempt
    human: dict[str, Any] | None  # the reviewer's decision, once given
    results: Annotated[dict[str, dict[str, Any]], merge_dicts]
    timings: Annotated[list[tuple[str, float]], operator.add]


class LocaleOutput(TypedDict, total=False):
    """What a locale branch hands back to the product graph."""

    results: Annotated[dict[str, dict[str, Any]], merge_dicts]
    timings: Annotated[list[tuple[str, float]], operator.add]
