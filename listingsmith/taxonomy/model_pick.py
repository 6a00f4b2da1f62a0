"""The model's pick among retrieval's candidates, by a structured-output enum of their names,
for a match retrieval marked ambiguous."""

from __future__ import annotations

import string
from typing import Any

from listingsmith.config import Sampling
from listingsmith.domain import Product
from listingsmith.prompts import load_prompt
from listingsmith.serving.client import ModelClient, ModelOutputError
from listingsmith.serving.retries import resample, resampling
from listingsmith.taxonomy.retrieval import Candidate, CategoryMatch, chosen

TASK = "categorize"


def option_names(candidates: list[Candidate]) -> dict[str, str]:
    """Each candidate's shortest path ending that no other candidate shares -> its id
    ("Coffee Tables" twice becomes "Accent Tables > Coffee Tables", "Outdoor Tables > ...")."""
    paths = [c.path_en.split(" > ") for c in candidates]
    names: dict[str, str] = {}
    for candidate, path in zip(candidates, paths, strict=True):
        for depth in range(1, len(path) + 1):
            ending = path[-depth:]
            if sum(other[-depth:] == ending for other in paths) == 1 or depth == len(path):
                names.setdefault(" > ".join(ending), candidate.id)
                break
    return names


def pick_prompt(product: Product, names: list[str]) -> str:
    """The instructions, then the product's title, seller category and the option names."""
    spec = load_prompt("categorize")
    block = string.Template(spec["block"]).substitute(
        title=" ".join(product.title.split()),
        category=product.category or spec["unknown_category"],
        options=spec["separator"].join(names),
    )
    return f"{spec['instructions']}\n\n{block}"


def pick_schema(names: list[str]) -> dict[str, Any]:
    """JSON schema: {"category": one of `names`}."""
    return {
        "type": "object",
        "properties": {"category": {"type": "string", "enum": names}},
        "required": ["category"],
        "additionalProperties": False,
    }


async def model_pick(
    client: ModelClient,
    product: Product,
    match: CategoryMatch,
    sampling: Sampling,
    retries: int,
    retry_temperature: float,
) -> CategoryMatch:
    """The match with the model's choice among its candidates (chosen_by "model"); an answer
    outside the options after every retry raises ModelOutputError."""
    names = option_names(match.candidates)
    prompt, schema = pick_prompt(product, list(names)), pick_schema(list(names))

    async def ask(attempt: int) -> str:
        tried = resampling(sampling, attempt, retry_temperature)
        answer = (await client.complete_json(TASK, prompt, schema, tried)).data.get("category")
        if answer not in names:
            raise ModelOutputError(f"{TASK}: {str(answer)[:80]!r} is not one of the options")
        return names[answer]

    return chosen(match, await resample(retries, ask), "model")
