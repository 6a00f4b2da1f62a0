"""The HTTP service: batches, listings, review queue and decisions, audit trail, review page."""
