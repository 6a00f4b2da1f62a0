"""extract: the product's attributes from seller fields and text, fused."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.attributes.fusion import fuse
from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.audit.log import content_hash
from listingsmith.domain import Product
from listingsmith.nodes.deps import Deps, record, timed
from listingsmith.state import ProductState


@timed("extract")
async def extract(state: ProductState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Seller fields plus quantities, colours and materials found in the text."""
    product = Product(**state["product"])
    attributes, conflicts = fuse(seller_attributes(product) + text_attributes(product))
    record(
        runtime,
        state,
        "extract",
        {
            "input_hash": content_hash(state["product"]),
            "output_hash": content_hash([a.model_dump(mode="json") for a in attributes]),
            "attributes": len(attributes),
            "conflicts": [c.name for c in conflicts],
        },
    )
    return {
        "attributes": [a.model_dump(mode="json") for a in attributes],
        "conflicts": [c.model_dump(mode="json") for c in conflicts],
    }
