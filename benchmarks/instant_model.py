"""A zero-latency model for the throughput benchmark: it answers at once, with the answer a real
server gave to the same prompt and seed when one was recorded, else with a valid synthetic one."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.language_models.llms import LLM
from pydantic import Field

from listingsmith.config import ListingLimits

FACTS_HEADER = "\nFacts:\n"
LISTING_CUE = "Listing:"
LINE_CUE = "\nEnglish: "
EXTRACT_CUE = "JSON:"
NAMES_LINE = "\nAttributes: "


def synthetic_draft(prompt: str, limits: ListingLimits) -> str:
    """A listing made of the prompt's last facts block, inside the schema's bounds."""
    block = prompt.rsplit(FACTS_HEADER, 1)[-1].rsplit(LISTING_CUE, 1)[0]
    facts = [
        tuple(part.strip() for part in line[2:].split(":", 1))
        for line in block.splitlines()
        if line.startswith("- ") and ":" in line
    ]
    title = next((value for name, value in facts if name == "title"), "Product")
    rest = [f"{name}: {value}" for name, value in facts if name not in ("title", "details")]
    listing = {
        "title": title[: limits.title_chars],
        "bullets": [b[: limits.bullet_chars] for b in rest[: limits.bullets]] or [title[:60]],
        "description": f"{title}."[: limits.description_chars],
        "keywords": [w.lower()[: limits.keyword_chars] for w in title.split()[: limits.keywords]],
    }
    return json.dumps(listing, ensure_ascii=False)


def synthetic_answer(prompt: str, limits: ListingLimits) -> str:
    """Draft prompts get a listing, one-line translation prompts their English line back (the
    checks then send it round the retry path), extraction prompts null for every attribute
    name, anything else an empty JSON object."""
    if prompt.rstrip().endswith(LISTING_CUE):
        return synthetic_draft(prompt, limits)
    if prompt.rstrip().endswith(EXTRACT_CUE) and NAMES_LINE in prompt:
        names = prompt.rsplit(NAMES_LINE, 1)[1].split("\n", 1)[0].split("; ")
        return json.dumps(dict.fromkeys(n for n in names if n))
    if LINE_CUE in prompt:
        return " " + prompt.rsplit(LINE_CUE, 1)[1].split("\n", 1)[0]
    return "{}"


class InstantModel(LLM):
    """Answers from `answers` ((prompt, seed) -> text, as recorded from a server) or, for a
    prompt never recorded, synthetic_answer; counts which of the two it used."""

    answers: dict[tuple[str, int | None], str] = Field(default_factory=dict)
    limits: ListingLimits = ListingLimits()
    replayed: int = 0
    synthesized: int = 0

    @property
    def _llm_type(self) -> str:
        return "instant"

    def _call(self, prompt: str, stop: list[str] | None = None, *_: Any, **kwargs: Any) -> str:
        recorded = self.answers.get((prompt, kwargs.get("seed")))
        if recorded is not None:
            self.replayed += 1
            return recorded
        self.synthesized += 1
        return synthetic_answer(prompt, self.limits)

    async def _acall(
        self, prompt: str, stop: list[str] | None = None, *_: Any, **kwargs: Any
    ) -> str:
        return self._call(prompt, stop, **kwargs)
