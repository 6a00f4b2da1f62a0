"""Listings composed from data: attribute names and values in every language, sizes, titles by
marketplace formula, attribute lines, a plain description and keywords. No model."""

from listingsmith.compose.describe import compose_description
from listingsmith.compose.facts import attribute_lines, title_noun
from listingsmith.compose.lexicon import render_name, render_value
from listingsmith.compose.listing import compose_keywords, compose_listing
from listingsmith.compose.sizes import convert_size
from listingsmith.compose.titles import compose_title

__all__ = [
    "attribute_lines",
    "compose_description",
    "compose_keywords",
    "compose_listing",
    "compose_title",
    "convert_size",
    "render_name",
    "render_value",
    "title_noun",
]
