"""Stores: the translation memory (reviewed translations per tenant)."""
