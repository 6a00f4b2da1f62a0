"""Fake model plumbing for unit tests (langchain-core's fake LLM behind the real client)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models.fake import FakeListLLM
from pydantic import ConfigDict, Field

from listingsmith.config import Settings
from listingsmith.domain import Draft, Product
from listingsmith.locale.glossary import mask, protected_terms
from listingsmith.nodes.deps import Deps
from listingsmith.serving.client import ModelClient

BOTTLE = Product(
    sku="BOTTLE-1",
    category_id="hg-11-3-11",  # Water Bottles
    title="Aqualo Steel Bottle 750 ml",
    description="Keeps drinks cold for 24 h.",
    brand="Aqualo",
    attributes={
        "color": "blue",
        "capacity": "750 ml",
        "material": "stainless steel",
        "manufacturer": "Aqualo Ltd",
        "manufacturer address": "1 Dock Road, Leeds LS1 1AA, UK",
        "manufacturer electronic address": "safety@aqualo.example.com",
        "eu responsible person": "Aqualo GmbH, Hafenstr. 2, 20457 Hamburg",
        "eu responsible person electronic address": "gpsr@aqualo.example.de",
        "gtin": "4006381333931",
    },
)

# The GPSR Art. 19 disclosures of BOTTLE: without them a listing for the EU needs a person.
LEGAL = (
    "manufacturer",
    "manufacturer address",
    "manufacturer electronic address",
    "eu responsible person",
    "eu responsible person electronic address",
    "gtin",
)

EN_GOOD = {
    "title": "Aqualo Stainless Steel Bottle, 750 ml, Blue",
    "bullets": ["Holds 750 ml", "Keeps drinks cold for 24 h"],
    "description": "The Aqualo bottle is made of stainless steel and keeps drinks cold for 24 h.",
    "keywords": ["steel bottle"],
}
# Title, bullets and keywords outside the pivot language are composed from data (the Amazon
# title formula, attribute lines); the description is translated.
DE_GOOD = {
    "title": "Aqualo Wasserflasche, Edelstahl, Blau, 750 ml",
    "bullets": ["Material: Edelstahl", "Farbe: Blau", "Fassungsvermögen: 750 ml"],
    "description": "Die Flasche von Aqualo ist aus Edelstahl und hält Getränke 24 h lang kalt.",
    "keywords": ["Wasserflasche", "Blau", "Edelstahl"],
}
DE_WRONG_DESCRIPTION = "Die Flasche von Aqualo ist aus Edelstahl und hält Getränke 12 h lang kalt."
DE_WRONG_HOURS = {**DE_GOOD, "description": DE_WRONG_DESCRIPTION}

# A GTIN the bottle's title names besides the one in its seller record (both check digits valid).
OTHER_GTIN = "4006381333948"


def disputed(product: Product = BOTTLE, **changes: Any) -> Product:
    """`product` (with `changes`) whose title names OTHER_GTIN against the seller's gtin: two
    values of a single-valued attribute, a blocking attribute conflict that only a person can
    settle. Each of its listings is held for review once, whatever its text (a reviewer's edit
    is not held again for the conflict, only for its own findings), and the grounded fallback
    leaves a held listing's text as the model wrote it for the reviewer to judge."""
    data = {**product.model_dump(), **changes}
    return Product(**{**data, "title": f"{data['title']}, EAN {OTHER_GTIN}"})


# The bottle whose listings a person must see (with DE_WRONG_HOURS: held saying 12 h, not 24 h).
DISPUTED = disputed()


def translations(*listings: dict) -> dict[str, list[str]]:
    """English line of EN_GOOD -> its translations in the given listings, answered in turn, as
    the model sees and answers them: protected terms (the brand) behind placeholders."""
    english = Draft(**EN_GOOD).fields()
    terms = protected_terms(BOTTLE)
    return {
        mask(english[name], terms)[0]: [
            mask(Draft(**listing).fields()[name], terms)[0] for listing in listings
        ]
        for name in english
    }


# How an attribute-extraction prompt ends (the record's block waits for its JSON answer).
EXTRACTION_END = "\nJSON: "
# How a category-pick prompt ends, and where its options are.
CATEGORY_END, CATEGORY_OPTIONS = "\nCategory choice:", "\nOptions: "


class FakeModel(FakeListLLM):
    """langchain-core's fake LLM: JSON drafts from `responses` in order; a one-line translation
    prompt is answered from `lines` (English line -> answers, one per call, the last repeated);
    an attribute-extraction prompt from `extractions` in order, then with every name null; a
    category pick from `picks` in order, then with its first option."""

    lines: dict[str, list[str]] = Field(default_factory=dict)
    served: dict[str, int] = Field(default_factory=dict)
    extractions: list[str] = Field(default_factory=list)
    picks: list[str] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)

    def _call(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        self.prompts.append(prompt)
        if prompt.endswith(CATEGORY_END):
            if self.picks:
                return self.picks.pop(0)
            options = prompt.rsplit(CATEGORY_OPTIONS, 1)[1].split("\n", 1)[0].split(" | ")
            return json.dumps({"category": options[0]})
        if prompt.endswith(EXTRACTION_END):
            if self.extractions:
                return self.extractions.pop(0)
            names = prompt.rsplit("\nAttributes: ", 1)[1].split("\n", 1)[0].split("; ")
            return json.dumps(dict.fromkeys(names))
        if "\nEnglish: " in prompt and not prompt.rstrip().endswith("Listing:"):
            source = prompt.rsplit("\nEnglish: ", 1)[1].split("\n", 1)[0]
            answers = self.lines[source]
            turn = self.served.get(source, 0)
            self.served[source] = turn + 1
            return " " + answers[min(turn, len(answers) - 1)]
        return super()._call(prompt, *args, **kwargs)

    async def _acall(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        return self._call(prompt, *args, **kwargs)


@dataclass
class Gate:
    """Holds model calls until the test lets them go, counting who waits; one per test run, so
    a run on one database never finds the gate the run before it opened."""

    waiting: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    go: threading.Event = field(default_factory=threading.Event)


class HeldModel(FakeModel):
    """A FakeModel whose calls wait at its gate: what a job busy in its model looks like to the
    service."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    gate: Gate

    def _call(self, prompt: str, *args: object, **kwargs: object) -> str:
        self.gate.waiting.release()
        if not self.gate.go.wait(timeout=60):
            raise AssertionError("the test never let the jobs go")
        return super()._call(prompt, *args, **kwargs)


def fake_model(drafts: list[dict | str], lines: dict[str, list[str]] | None = None) -> FakeModel:
    """A FakeModel answering `drafts` (dicts as JSON, strings as they are) and `lines`."""
    answers = [d if isinstance(d, str) else json.dumps(d, ensure_ascii=False) for d in drafts]
    return FakeModel(responses=answers, lines=lines or {})


def fake_deps(
    drafts: list[dict | str], lines: dict[str, list[str]] | None = None, **settings: Any
) -> Deps:
    """Deps whose model is a FakeModel."""
    return Deps(Settings(**settings), ModelClient(fake_model(drafts, lines), "fake-model", 4))
