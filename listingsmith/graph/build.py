"""The whole flow on one screen."""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph
from langgraph.types import RetryPolicy

from listingsmith.graph.routing import after_checks, after_draft_check, after_human
from listingsmith.nodes.categorize import categorize
from listingsmith.nodes.check_draft import check_draft
from listingsmith.nodes.checks import checks
from listingsmith.nodes.deps import Deps
from listingsmith.nodes.draft import draft
from listingsmith.nodes.extract import extract
from listingsmith.nodes.finalize import finalize
from listingsmith.nodes.human_review import human_review
from listingsmith.nodes.locale_failed import locale_failed
from listingsmith.nodes.localize import localize
from listingsmith.state import LocaleOutput, LocaleState, ProductInput, ProductState

MODEL_CALL_RETRY = RetryPolicy(max_attempts=3)


def build_locale_graph() -> StateGraph:
    """localize -> checks -> (finalize | localize again | human_review -> checks/finalize)."""
    graph = StateGraph(LocaleState, context_schema=Deps, output_schema=LocaleOutput)
    graph.add_node("localize", localize, retry_policy=MODEL_CALL_RETRY)
    graph.add_node("checks", checks)
    graph.add_node("human_review", human_review)
    graph.add_node("finalize", finalize)
    graph.add_edge(START, "localize")
    graph.add_edge("localize", "checks")
    graph.add_conditional_edges("checks", after_checks)
    graph.add_conditional_edges("human_review", after_human)
    graph.add_edge("finalize", END)
    return graph


def build_graph() -> StateGraph:
    """extract -> categorize -> draft -> one locale branch per target locale (Send)."""
    graph = StateGraph(ProductState, context_schema=Deps, input_schema=ProductInput)
    graph.add_node("extract", extract)
    graph.add_node("categorize", categorize)
    graph.add_node("draft", draft, retry_policy=MODEL_CALL_RETRY)
    # A locale branch that raises fails that locale only; its siblings are not cancelled.
    graph.add_node("locale", build_locale_graph().compile(), error_handler=locale_failed)
    graph.add_node("check_draft", check_draft)
    graph.add_edge(START, "extract")
    graph.add_edge("extract", "categorize")
    graph.add_edge("categorize", "draft")
    graph.add_edge("draft", "check_draft")
    graph.add_conditional_edges("check_draft", after_draft_check, ["draft", "locale"])
    graph.add_edge("locale", END)
    return graph
