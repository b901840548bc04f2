"""The tutor graph: route -> {answer: retrieve -> generate -> check | resample -> check |
demo | quiz | chat}.

Correctness comes from the graph, not the model: routing needs no LLM, every answer is
checked against the retrieved notes, and tools are only the allow-listed demos and quiz.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.graph import END, START, StateGraph

from tutor.agent import nodes, resample
from tutor.agent.context import Context
from tutor.agent.events import ABOUT_THE_TUTOR
from tutor.agent.state import State

RECURSION_LIMIT = 12  # the longest path is 4 nodes; anything more is a bug


def after_route(
    state: State,
) -> Literal["retrieve", "resample", "demo", "quiz", "chat", "__end__"]:
    """Branch on the routed intent; a refused message (route None) ends the turn."""
    route = state.get("route")
    if route is None:
        return "__end__"
    intent = route.get("intent")
    if intent == "answer" and route.get("tool") == "resample":
        return "resample"
    if intent == "answer" and ABOUT_THE_TUTOR in route.get("notes", ()):
        return "chat"  # answered from the tutor's own help, not looked up in the notes
    if intent == "answer":
        return "retrieve"
    if intent in ("demo", "quiz", "chat"):
        return intent
    raise ValueError(f"impossible route intent {intent!r}")


def build_graph(checkpointer: Any = None) -> Any:
    """Compile the graph; `checkpointer` (e.g. SqliteSaver) makes conversations persist."""
    g = StateGraph(State, context_schema=Context)
    g.add_node("route", nodes.route_node)
    g.add_node("retrieve", nodes.retrieve_node)
    g.add_node("generate", nodes.generate_node)
    g.add_node("check", nodes.check_node)
    g.add_node("demo", nodes.demo_node)
    g.add_node("quiz", nodes.quiz_node)
    g.add_node("chat", nodes.chat_node)
    g.add_node("resample", resample.resample_node)
    g.add_edge(START, "route")
    g.add_conditional_edges(
        "route",
        after_route,
        {"retrieve": "retrieve", "resample": "resample", "demo": "demo", "quiz": "quiz",
         "chat": "chat", "__end__": END},
    )
    g.add_conditional_edges("resample", resample.after_resample, {"check": "check",
                                                                  "__end__": END})
    g.add_edge("retrieve", "generate")
    g.add_edge("generate", "check")
    for last in ("check", "demo", "quiz", "chat"):
        g.add_edge(last, END)
    return g.compile(checkpointer=checkpointer)


def run_config(session: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": session}, "recursion_limit": RECURSION_LIMIT}
