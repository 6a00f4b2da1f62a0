"""Fake model plumbing for unit tests (langchain-core's fake LLM behind the real client)."""

from __future__ import annotations

import json

from langchain_core.language_models.fake import FakeListLLM

from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.nodes.deps import Deps
from listingsmith.serving.client import ModelClient

BOTTLE = Product(
    sku="BOTTLE-1",
    title="Hydra Steel Bottle 750 ml",
    description="Keeps drinks cold for 24 h.",
    brand="Hydra",
    attributes={"color": "blue", "capacity": "750 ml", "material": "stainless steel"},
)

EN_GOOD = {
    "title": "Hydra Stainless Steel Bottle, 750 ml, Blue",
    "bullets": ["Holds 750 ml", "Keeps drinks cold for 24 h"],
    "description": "The Hydra bottle is made of stainless steel and keeps drinks cold for 24 h.",
    "keywords": ["water bottle"],
}
EN_WRONG_HOURS = {**EN_GOOD, "description": "The Hydra bottle keeps drinks cold for 12 h."}
DE_GOOD = {
    "title": "Hydra Trinkflasche aus Edelstahl, 750 ml, Blau",
    "bullets": ["Fasst 750 ml", "Hält Getränke 24 h kalt"],
    "description": "Die Trinkflasche von Hydra ist aus Edelstahl und hält Getränke 24 h lang kalt.",
    "keywords": ["Trinkflasche"],
}
DE_WRONG_HOURS = {
    **DE_GOOD,
    "description": "Die Trinkflasche von Hydra ist aus Edelstahl und hält Getränke 12 h lang kalt.",
}


def fake_deps(answers: list[dict], **settings: object) -> Deps:
    """Deps whose model answers `answers` in order (as JSON text)."""
    llm = FakeListLLM(responses=[json.dumps(a, ensure_ascii=False) for a in answers])
    return Deps(Settings(**settings), ModelClient(llm, "fake-model", max_concurrency=4))
