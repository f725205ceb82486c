"""Build the LangChain agent: chosen chat model, registered tools, middleware, checkpointer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph

from assistant.agent.budget import TOOL_TOKEN_BUDGET
from assistant.agent.context import AgentContext
from assistant.agent.middleware import FallbackMiddleware, OfflineInputsMiddleware, SystemPromptMiddleware
from assistant.agent.offline import MODEL_NAME, OfflineChatModel
from assistant.agent.tools_registry import ToolErrorsMiddleware, ToolSpec, build_tools
from assistant.settings import Settings


@dataclass(frozen=True)
class AgentOptions:
    """Knobs of the agent that are not deployment settings (yet)."""

    tool_token_budget: int = TOOL_TOKEN_BUDGET
    timeout: float = 60.0  # seconds per request to the OpenAI-compatible endpoint
    max_retries: int = 2
    streaming: bool = True


def make_chat_model(settings: Settings, options: AgentOptions | None = None) -> BaseChatModel:
    """The chat model in force: the offline model, or ChatOpenAI on the Chat Completions API."""
    options = options or AgentOptions()
    if settings.resolved_llm == "offline":
        return OfflineChatModel()
    return ChatOpenAI(
        model=settings.model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        use_responses_api=False,
        streaming=options.streaming,
        stream_usage=True,
        timeout=options.timeout,
        max_retries=options.max_retries,
    )


def model_label(model: BaseChatModel) -> str:
    """The model name reported in replies."""
    if isinstance(model, OfflineChatModel):
        return MODEL_NAME
    return str(getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__)


def build_agent(
    settings: Settings,
    *,
    model: BaseChatModel | None = None,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    specs: Sequence[ToolSpec] | None = None,
    options: AgentOptions | None = None,
) -> CompiledStateGraph[Any, AgentContext, Any, Any]:
    """The agent graph; invoke it with ``context=AgentContext(...)`` and a ``thread_id``."""
    options = options or AgentOptions()
    chat_model = model or make_chat_model(settings, options)
    return create_agent(
        chat_model,
        build_tools(specs, budget=options.tool_token_budget),
        middleware=[FallbackMiddleware(), SystemPromptMiddleware(), OfflineInputsMiddleware(), ToolErrorsMiddleware()],
        context_schema=AgentContext,
        checkpointer=checkpointer,
        name="tillage",
    )
