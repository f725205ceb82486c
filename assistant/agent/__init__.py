"""The LLM agent: LangChain ``create_agent`` over the registered tools, offline or OpenAI-compatible.

Entry points: :func:`build_agent` (the graph), :class:`AgentContext` (who asks, the database, the
date), :func:`run_turn` (one question in a thread -> :class:`Reply`).
"""

from assistant.agent.build import AgentOptions, build_agent, make_chat_model, model_label
from assistant.agent.context import AgentContext
from assistant.agent.reply import Citation, Reply, ToolCallRecord, Usage
from assistant.agent.turn import AgentError, run_turn

__all__ = [
    "AgentContext",
    "AgentError",
    "AgentOptions",
    "Citation",
    "Reply",
    "ToolCallRecord",
    "Usage",
    "build_agent",
    "make_chat_model",
    "model_label",
    "run_turn",
]
