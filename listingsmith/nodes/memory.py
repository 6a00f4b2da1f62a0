"""The translation memory as the nodes use it: remembered translations of the pivot's fields
(before a model is asked), and storing what a reviewer approved or edited (at finalize)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langgraph.runtime import Runtime

from listingsmith.domain import Draft
from listingsmith.nodes.deps import Deps, deps_of, record
from listingsmith.state import LocaleState, pivot_of, product_of
from listingsmith.storage.memory import (
    MemoryOrigin,
    TranslationMemory,
    memory_tenant,
    segment_hash,
)
from listingsmith.text.languages import language_of


def memory_fields(
    memory: TranslationMemory, tenant: str, language: str, lines: Mapping[str, str]
) -> dict[str, str]:
    """Field name -> the remembered translation of its pivot text (`lines`, as Draft.fields()
    names them), for the fields whose very text a reviewer passed before."""
    found = {}
    for name, source in lines.items():
        match = memory.exact(tenant, language, source) if source.strip() else None
        if match is not None:
            found[name] = match.target
    return found


def remembered(
    runtime: Runtime[Deps], state: LocaleState, lines: Mapping[str, str]
) -> dict[str, str]:
    """memory_fields for this locale's product and tenant; nothing when the run keeps no memory."""
    deps = deps_of(runtime)
    if deps.memory is None:
        return {}
    tenant = memory_tenant(deps.tenant, product_of(state))
    return memory_fields(deps.memory, tenant, language_of(state["locale"]), lines)


def reviewed_segments(pivot: Draft, listing: Draft) -> list[tuple[str, str, str, MemoryOrigin]]:
    """(field, pivot text, shipped text, origin) of each translated field a reviewer passed:
    "edited" where the reviewer wrote it, "approved" otherwise; fields composed from data are no
    translations and are left out."""
    sources = pivot.fields()
    return [
        (name, sources[name], text, "edited" if origin == "reviewer" else "approved")
        for name, text in listing.fields().items()
        if name in sources and (origin := listing.origins.get(name, "model")) != "data"
    ]


def remember_reviewed(runtime: Runtime[Deps], state: LocaleState, listing: Draft) -> None:
    """Store the reviewed translation of each field in the run's memory (if it keeps one), with
    an audit event naming what was stored by hashes and lengths, never the text."""
    deps = deps_of(runtime)
    human = state.get("human") or {}
    language = language_of(state["locale"])
    if deps.memory is None or human.get("action") not in ("approve", "edit"):
        return
    if language == deps.settings.pivot_language:
        return
    tenant = memory_tenant(deps.tenant, product_of(state))
    stored: list[dict[str, Any]] = []
    for name, source, target, origin in reviewed_segments(pivot_of(state), listing):
        if not deps.memory.storable(source, target):
            continue
        deps.memory.remember(tenant, language, source, target, origin, human.get("reviewer"))
        stored.append(
            {
                "field": name,
                "source_hash": segment_hash(source),
                "origin": origin,
                "source_chars": len(source),
                "target_chars": len(target),
            }
        )
    if stored:
        payload = {"tenant": tenant, "language": language, "entries": stored}
        record(runtime, state, "memory.remember", payload, state["locale"], state.get("attempts"))
