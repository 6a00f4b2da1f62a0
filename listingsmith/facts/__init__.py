"""Verification of a listing's claims against the product's attributes; its findings."""
