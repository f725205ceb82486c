"""The LLM agent: LangChain ``create_agent`` over the registered tools, offline or OpenAI-compatible.

Entry points: :func:`build_agent` (the graph), :class:`AgentContext` (who asks, the database, the
date), :func:`run_turn` (one question in a thread -> :class:`Reply`) and :func:`stream_turn` (the
same run as a stream of :data:`ChatEvent`: tool calls, tool results, answer text, the reply).
"""

from assistant.agent.build import AgentOptions, build_agent, make_chat_model, model_label
from assistant.agent.context import AgentContext
from assistant.agent.events import (
    ChatEvent,
    DoneEvent,
    ResetEvent,
    TokenEvent,
    ToolEvent,
    ToolResultEvent,
    final_reply,
)
from assistant.agent.reply import AgentError, Citation, Reply, ToolCallRecord, Usage
from assistant.agent.stream import stream_turn
from assistant.agent.turn import run_turn

__all__ = [
    "AgentContext",
    "AgentError",
    "AgentOptions",
    "ChatEvent",
    "Citation",
    "DoneEvent",
    "Reply",
    "ResetEvent",
    "TokenEvent",
    "ToolCallRecord",
    "ToolEvent",
    "ToolResultEvent",
    "Usage",
    "build_agent",
    "final_reply",
    "make_chat_model",
    "model_label",
    "run_turn",
    "stream_turn",
]
