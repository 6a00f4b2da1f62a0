"""Claim extraction from listing text and verification against the product's attributes."""
