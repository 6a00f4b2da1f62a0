"""The graph's state schemas (TypedDicts with reducers) and typed views of what they hold.

State keeps JSON dumps (checkpoints of earlier runs stay readable); nodes read models through
the views below and write dumps through `dumps`, never rebuilding them by hand."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, NotRequired, TypedDict

from pydantic import BaseModel

from listingsmith.attributes.fusion import Conflict
from listingsmith.checks.verdict import Route
from listingsmith.domain import Attribute, Draft, Finding, Listing, Product, VariantTag
from listingsmith.prompts.framing import Framing, variant_tag
from listingsmith.taxonomy.retrieval import CategoryMatch

# The check_draft node's verdict on the pivot draft.
PivotVerdict = Literal["redraft", "translate"]


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer: parallel branches each add their own keys."""
    return {**(left or {}), **(right or {})}


class ProductInput(TypedDict):
    """What starts a product's thread."""

    run_id: str
    product: dict[str, Any]  # Product.model_dump()
    locales: list[str]
    live: NotRequired[dict[str, dict[str, Any]]]  # locale -> the live listing's Draft dump
    framing: NotRequired[dict[str, Any]]  # Framing dump: this thread is one variant


class ProductState(TypedDict, total=False):
    """State of one product's thread (thread id = run id + sku)."""

    run_id: str
    product: dict[str, Any]  # Product.model_dump()
    locales: list[str]
    # The seller's live listings to improve (locale -> Draft dump): checked first, and only
    # their failing fields are rewritten.
    live: dict[str, dict[str, Any]]
    # The variant this thread writes (`run --audiences/--variants`): Framing dump; absent on
    # an ordinary run. Its siblings' threads share this thread's extracted facts.
    framing: dict[str, Any]
    attributes: list[dict[str, Any]]  # Attribute dumps, fused
    conflicts: list[dict[str, Any]]
    # Attribute dumps the system inferred (not written): for the reviewer, never product facts.
    suggestions: list[dict[str, Any]]
    category: dict[str, Any]  # CategoryMatch dump (taxonomy), from categorize
    draft: dict[str, Any]  # pivot Draft
    draft_meta: dict[str, Any]  # model id, prompt hash, tokens, seconds
    draft_attempts: int
    draft_findings: list[dict[str, Any]]  # findings of the latest pivot draft
    draft_verdict: PivotVerdict  # check_draft's verdict on the latest pivot draft
    draft_history: Annotated[list[dict[str, Any]], operator.add]  # findings of replaced drafts
    results: Annotated[dict[str, dict[str, Any]], merge_dicts]  # locale -> Listing dump
    timings: Annotated[list[tuple[str, float]], operator.add]  # (node, seconds)


class LocaleState(TypedDict, total=False):
    """State of one locale branch, started by Send from the product graph."""

    run_id: str
    product: dict[str, Any]
    attributes: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]  # Conflict dumps from extract
    suggestions: list[dict[str, Any]]  # inferred Attribute dumps from extract
    category: dict[str, Any]  # CategoryMatch dump from categorize
    framing: dict[str, Any]  # Framing dump, on a variant
    draft: dict[str, Any]
    draft_meta: dict[str, Any]
    draft_history: list[dict[str, Any]]
    locale: str
    live: dict[str, Any] | None  # this locale's live listing (Draft dump), to improve
    listing: dict[str, Any] | None  # this locale's current Draft
    previous: dict[str, Any] | None  # the Draft of the attempt before, as checked (a diff)
    attempts: int  # model attempts for this locale (translation or rewrite)
    findings: list[dict[str, Any]]  # findings of the latest checks
    route: Route  # the checks node's verdict on the latest listing
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


def dumps(models: Iterable[BaseModel]) -> list[dict[str, Any]]:
    """Models as the JSON dumps state keeps."""
    return [model.model_dump(mode="json") for model in models]


def product_of(state: Mapping[str, Any]) -> Product:
    """The product of a thread."""
    return Product.model_validate(state["product"])


def attributes_of(state: Mapping[str, Any]) -> list[Attribute]:
    """The fused attribute set extract wrote (empty before it ran)."""
    return [Attribute.model_validate(a) for a in state.get("attributes") or []]


def suggestions_of(state: Mapping[str, Any]) -> list[Attribute]:
    """The inferred values extract offered the reviewer (not product facts)."""
    return [Attribute.model_validate(a) for a in state.get("suggestions") or []]


def conflicts_of(state: Mapping[str, Any]) -> list[Conflict]:
    """The attribute conflicts extract kept for a person."""
    return [Conflict.model_validate(c) for c in state.get("conflicts") or []]


def category_of(state: Mapping[str, Any]) -> CategoryMatch | None:
    """The product's category, once categorize ran (older checkpoints have none)."""
    category = state.get("category")
    return CategoryMatch.model_validate(category) if category else None


def category_id_of(state: Mapping[str, Any]) -> str | None:
    """The product's taxonomy category id, once categorize ran."""
    category = category_of(state)
    return category.id if category else None


def framing_of(state: Mapping[str, Any]) -> Framing | None:
    """The variant a thread writes (None on an ordinary run)."""
    framing = state.get("framing")
    return Framing.model_validate(framing) if framing else None


def variant_of(state: Mapping[str, Any], locale: str) -> VariantTag | None:
    """The tag of the thread's variant in `locale` (None on an ordinary run)."""
    return variant_tag(state["run_id"], state["product"]["sku"], locale, framing_of(state))


def pivot_of(state: Mapping[str, Any]) -> Draft:
    """The pivot draft every locale is made from."""
    return Draft.model_validate(state["draft"])


def live_of(state: Mapping[str, Any]) -> Draft | None:
    """A locale branch's live listing, when the run improves one."""
    live = state.get("live")
    return Draft.model_validate(live) if live else None


def listing_of(state: Mapping[str, Any]) -> Draft | None:
    """A locale branch's current listing (None when its model output failed)."""
    listing = state.get("listing")
    return Draft.model_validate(listing) if listing else None


def findings_of(state: Mapping[str, Any], key: str = "findings") -> list[Finding]:
    """The findings under `key` (findings, draft_findings, history, draft_history)."""
    return [Finding.model_validate(f) for f in state.get(key) or []]


def results_of(state: Mapping[str, Any]) -> dict[str, Listing]:
    """Finished listings by locale."""
    return {
        locale: Listing.model_validate(result)
        for locale, result in (state.get("results") or {}).items()
    }
