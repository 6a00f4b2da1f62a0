"""Channels: the catalogue formats sellers already use (JSONL, CSV/TSV with a column mapping,
the Shopify product CSV) read into Products, every bad row named by line and column."""
