"""The text floor: quantities, lexicon terms, spans, claims and language tags found in text."""
