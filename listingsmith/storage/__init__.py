"""Stores: the translation memory (reviewed translations per tenant) and A/B experiment results."""
