"""One router per feature of the service: jobs, review, audit, and the review page."""
