"""The compiled graph for `langgraph dev` / LangGraph servers (they supply the checkpointer).

Outside `listingsmith run`, the model endpoint comes from LISTINGSMITH_LLM_URL and
LISTINGSMITH_MODEL.
"""

from listingsmith.graph.build import build_graph

graph = build_graph().compile()
