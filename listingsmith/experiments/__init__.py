"""A/B experiments between a listing's variants: simulated traffic, results, Beta-Binomial
reports, promotion of a winner."""
