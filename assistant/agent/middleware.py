"""Agent middleware: the per-user system prompt, offline-model inputs, and the fallback to offline.

Order in ``create_agent(middleware=[...])`` (first is outermost): :class:`FallbackMiddleware`,
:class:`SystemPromptMiddleware`, :class:`OfflineInputsMiddleware`, then the tool-error handler.
The fallback wraps the others so that, after switching to the offline model, the offline inputs
are still added.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from string import Template
from typing import Any

import httpx
import openai
from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

import prompts
from assistant.agent.context import AgentContext
from assistant.agent.offline import OfflineChatModel
from tools.accounts import visible_account_names

logger = logging.getLogger(__name__)

#: Marker in ``AIMessage.response_metadata`` of answers produced by the fallback.
FALLBACK_KEY = "tillage_fallback"

Handler = Callable[[ModelRequest[AgentContext]], ModelResponse[Any]]


def render_system_prompt(context: AgentContext, *, template_name: str | None = None) -> str:
    """The system prompt for this user and date (``prompts/system.md`` or ``system_zh.md``)."""
    name = template_name or ("system_zh.md" if context.language == "zh" else "system.md")
    note = {"zh": "(用户偏好中文)", "en": " (the user prefers English)"}.get(context.language or "", "")
    return Template(prompts.load(name)).safe_substitute(
        user_name=context.user.name, user_role=context.user.role, as_of=context.as_of.isoformat(), language_note=note
    )


class SystemPromptMiddleware(AgentMiddleware[Any, AgentContext, Any]):
    """Puts the system prompt, filled in for the requesting user, in front of every model call."""

    def wrap_model_call(self, request: ModelRequest[AgentContext], handler: Handler) -> ModelResponse[Any]:
        """Replace the system message with the rendered template."""
        text = render_system_prompt(request.runtime.context)
        return handler(request.override(system_message=SystemMessage(content=text)))


class OfflineInputsMiddleware(AgentMiddleware[Any, AgentContext, Any]):
    """Gives the offline model what it needs from the runtime context: visible account names, date."""

    def wrap_model_call(self, request: ModelRequest[AgentContext], handler: Handler) -> ModelResponse[Any]:
        """Add ``catalog``, ``as_of`` and ``language`` to the offline model's invocation."""
        if not isinstance(request.model, OfflineChatModel):
            return handler(request)
        context = request.runtime.context
        with context.session_factory() as session:
            names = visible_account_names(session, user=context.user)
        catalog = [{"id": n.id, "name": n.name, "aliases": n.aliases} for n in names]
        settings = {**request.model_settings, "catalog": catalog, "as_of": context.as_of, "language": context.language}
        return handler(request.override(model_settings=settings))


def is_endpoint_failure(exc: BaseException) -> bool:
    """Connection errors, timeouts, rate limits and 5xx answers of the OpenAI-compatible endpoint,
    and errors it reports inside a stream it had started."""
    if isinstance(exc, openai.APIConnectionError | openai.RateLimitError | openai.InternalServerError):
        return True
    if type(exc) is openai.APIError:  # what the SDK raises for an error event in the middle of a stream
        return True
    if isinstance(exc, httpx.TransportError):  # e.g. the connection dropped while a stream was being read
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


def _this_turn(messages: Sequence[BaseMessage]) -> Sequence[BaseMessage]:
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return messages[index + 1 :]
    return messages


def fell_back(messages: Sequence[BaseMessage]) -> str | None:
    """The fallback reason recorded in this turn's AI messages, if the turn fell back."""
    for message in _this_turn(messages):
        if isinstance(message, AIMessage) and message.response_metadata.get(FALLBACK_KEY):
            return str(message.response_metadata[FALLBACK_KEY])
    return None


class FallbackMiddleware(AgentMiddleware[Any, AgentContext, Any]):
    """When the endpoint fails, answers with the offline model and marks the messages it wrote.

    Once a turn has fallen back it stays offline, so a dead endpoint costs one timeout per turn.
    """

    def __init__(self, offline: BaseChatModel | None = None) -> None:
        super().__init__()
        self.offline = offline or OfflineChatModel()

    def wrap_model_call(self, request: ModelRequest[AgentContext], handler: Handler) -> ModelResponse[Any]:
        """Call the configured model; on an endpoint failure, the offline model instead."""
        if isinstance(request.model, OfflineChatModel):
            return handler(request)
        reason = fell_back(request.messages)
        if reason is None:
            try:
                return handler(request)
            except Exception as exc:
                if not is_endpoint_failure(exc):
                    raise
                reason = type(exc).__name__
                logger.warning("chat endpoint failed (%s); answering with the offline model", reason)
        response = handler(request.override(model=self.offline, model_settings={}))
        for message in response.result:
            if isinstance(message, AIMessage):
                message.response_metadata = {**message.response_metadata, FALLBACK_KEY: reason}
        return response
