"""listingsmith: per-locale marketplace listings that are checked and audited."""
