"""categorize: the product's taxonomy category, by retrieval, or by the model among the top
candidates when retrieval cannot tell (its error falls back to retrieval's top candidate); a
category whose noun the seller's title contradicts gives way to the kind the title names
(checks.contradicted_noun)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.checks.contradicted_noun import seller_match
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.prompts import prompt_hash
from listingsmith.serving.client import ModelOutputError
from listingsmith.state import ProductState, attributes_of, product_of
from listingsmith.taxonomy.model_pick import model_pick, option_names, pick_prompt
from listingsmith.taxonomy.retrieval import match_category


@timed("categorize")
async def categorize(state: ProductState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Retrieval's match; an ambiguous one with several candidates goes to the model."""
    product = product_of(state)
    settings, client = deps_of(runtime).settings, deps_of(runtime).client
    match = match_category(product, attributes_of(state))
    asked, error = match.ambiguous and len(match.candidates) > 1, None
    if asked:
        try:
            match = await model_pick(
                client,
                product,
                match,
                settings.categorize_sampling,
                settings.model_output_retries,
                settings.extraction_limits.retry_temperature,
            )
        except ModelOutputError as failed:
            error = str(failed)
    picked, match = match, seller_match(match, product)
    record(
        runtime,
        state,
        "categorize",
        {
            "category_id": match.id,
            "chosen_by": match.chosen_by,
            "ambiguous": match.ambiguous,
            "evidence": match.evidence,
            "candidates": [c.id for c in match.candidates],
            "model_id": client.model_id if asked else None,
            "prompt_hash": (
                prompt_hash(pick_prompt(product, list(option_names(match.candidates))))
                if asked
                else None
            ),
            "model_error": error,
            # The category the seller's title contradicted, when its kind replaced it.
            "replaced_category_id": picked.id if picked.id != match.id else None,
        },
    )
    return {"category": match.model_dump(mode="json")}
