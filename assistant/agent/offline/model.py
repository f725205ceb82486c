"""A deterministic chat model that runs offline through the same agent loop as a real LLM.

It implements LangChain's ``BaseChatModel`` with ``bind_tools``: given the conversation it
either emits tool calls (``AIMessage.tool_calls``) or writes the final answer from the tool
results (see :mod:`assistant.agent.offline.planner`). Token usage is counted with tiktoken.
It streams like an LLM: the same message, in phrases (:mod:`.streaming`).

Per-request inputs arrive as invocation keyword arguments (the agent's offline middleware sets
them from the runtime context): ``catalog`` (the accounts the user may see: id, name, aliases),
``as_of`` (date) and ``language`` (hint). Nothing is read from anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from assistant.agent.budget import dumps
from assistant.agent.offline.entities import CatalogEntry
from assistant.agent.offline.planner import decide, tool_infos
from assistant.agent.offline.streaming import message_chunks
from index.tokens import count_tokens

MODEL_NAME = "tillage-offline"


def _catalog(raw: Sequence[Any]) -> list[CatalogEntry]:
    entries: list[CatalogEntry] = []
    for item in raw:
        if isinstance(item, CatalogEntry):
            entries.append(item)
        else:
            data = item if isinstance(item, dict) else item.model_dump()
            entries.append(CatalogEntry(data["id"], data["name"], tuple(data.get("aliases") or ())))
    return entries


def _message_text(message: BaseMessage) -> str:
    parts = [str(message.text)]
    if isinstance(message, AIMessage) and message.tool_calls:
        parts.append(dumps([{"name": c["name"], "args": c["args"]} for c in message.tool_calls]))
    return "\n".join(parts)


class OfflineChatModel(BaseChatModel):
    """Tillage's embedded, deterministic chat model (``TILLAGE_LLM=offline``)."""

    model_name: str = MODEL_NAME

    @property
    def _llm_type(self) -> str:
        return MODEL_NAME

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools (in OpenAI function format) so the planner knows what it may call."""
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._reply(messages, kwargs))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        # The whole answer is decided first (it is deterministic and fast), then sent in phrases.
        yield from message_chunks(self._reply(messages, kwargs))

    def _reply(self, messages: list[BaseMessage], kwargs: dict[str, Any]) -> AIMessage:
        tools = list(kwargs.get("tools") or [])
        as_of = kwargs.get("as_of")
        message = decide(
            messages,
            tools=tool_infos(tools),
            catalog=_catalog(kwargs.get("catalog") or []),
            as_of=as_of if isinstance(as_of, date) else date.today(),
            language_hint=kwargs.get("language"),
        )
        prompt = count_tokens("\n".join(_message_text(m) for m in messages) + (dumps(tools) if tools else ""))
        completion = count_tokens(_message_text(message))
        message.usage_metadata = {
            "input_tokens": prompt,
            "output_tokens": completion,
            "total_tokens": prompt + completion,
        }
        message.response_metadata = {"model_name": self.model_name}
        return message
