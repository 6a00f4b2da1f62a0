"""Channels: the catalogue formats sellers use, in and out (Shopify, Amazon, Google)."""
