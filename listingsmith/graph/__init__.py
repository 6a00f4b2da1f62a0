"""The flow: wiring and routing of the product graph and its per-locale branches."""

from listingsmith.graph.build import build_graph

__all__ = ["build_graph"]
