"""Every deterministic check of a listing, put together one way (floor 4: no graph, no model).
Import from its modules (listing: check_listing; verdict: routes; fallback; policy: the policy
branch alone): this package loads none of them, so that `policies check` does not pay for the
checks it does not run."""
