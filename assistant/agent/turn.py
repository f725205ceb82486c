"""Run one question through the agent and return its :class:`Reply` (the drained event stream)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from assistant.agent.collect import FALLBACK_NOTE, collect
from assistant.agent.context import AgentContext
from assistant.agent.events import final_reply
from assistant.agent.reply import AgentError, Reply
from assistant.agent.stream import RECURSION_LIMIT, stream_turn
from assistant.agent.tools_registry import ToolSpec

__all__ = ["FALLBACK_NOTE", "RECURSION_LIMIT", "AgentError", "collect", "run_turn"]


def run_turn(
    agent: CompiledStateGraph[Any, AgentContext, Any, Any],
    *,
    context: AgentContext,
    message: str,
    thread_key: str,
    thread: str,
    model_name: str,
    specs: Sequence[ToolSpec] | None = None,
) -> Reply:
    """Ask ``message`` in the checkpointed thread ``thread_key`` and collect the reply.

    The same run as :func:`stream_turn`, so a streamed and a non-streamed question answer alike.
    """
    events = stream_turn(
        agent, context=context, message=message, thread_key=thread_key, thread=thread, model_name=model_name,
        specs=specs,
    )  # fmt: skip
    return final_reply(events)
