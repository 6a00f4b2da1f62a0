"""The compiled graph for `langgraph dev` / LangGraph servers (they supply the checkpointer).

The server builds the run's context with no arguments: `ServerDeps` fills it from this process
(settings from LISTINGSMITH_* in the environment, one model client, the audit log under
service_dir).
"""

from listingsmith.graph.build import build_graph
from listingsmith.nodes.deps import ServerDeps

builder = build_graph()
builder.context_schema = ServerDeps
graph = builder.compile()
