"""Channels: the catalogue formats sellers already use, in and out: JSONL, CSV/TSV with a column
mapping and the Shopify product CSV read into Products (every bad row named by line and column);
Shopify, Amazon and Google Merchant files written from a run."""
