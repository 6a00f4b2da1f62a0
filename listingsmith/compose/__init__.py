"""Listings composed from data: attribute names and values in every language, sizes, titles by
marketplace formula, attribute lines, a plain description and keywords. No model. Import from
its modules: this package loads none of them (`policies check` needs the brand alone)."""
