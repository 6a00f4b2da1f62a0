"""Product types: Shopify's product taxonomy in seven languages, a product's category by
lexical retrieval, and the singular product noun per language for titles."""

from listingsmith.taxonomy.catalog import category_name, known_category_id
from listingsmith.taxonomy.nouns import product_noun
from listingsmith.taxonomy.retrieval import Candidate, CategoryMatch, chosen, match_category

__all__ = [
    "Candidate",
    "CategoryMatch",
    "category_name",
    "chosen",
    "known_category_id",
    "match_category",
    "product_noun",
]
