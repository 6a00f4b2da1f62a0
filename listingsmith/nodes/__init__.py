"""Graph nodes: one thin module per node; each calls the libraries and returns a state update."""
