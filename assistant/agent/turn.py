"""Run one question through the agent and turn the resulting messages into a :class:`Reply`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.errors import GraphRecursionError
from langgraph.graph.state import CompiledStateGraph

from assistant.agent.context import AgentContext
from assistant.agent.middleware import fell_back
from assistant.agent.offline import MODEL_NAME
from assistant.agent.offline.entities import language
from assistant.agent.reply import Citation, Reply, ToolCallRecord, Usage
from assistant.agent.tools_registry import ToolSpec, model_args

FALLBACK_NOTE = {
    "en": "Note: the language model endpoint was unavailable, so the offline assistant answered.",
    "zh": "注意:语言模型服务暂不可用,本回答由离线助手生成。",
}
RECURSION_LIMIT = 24


class AgentError(RuntimeError):
    """The turn could not be answered (message safe to show; no secrets or internals)."""


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
    """Ask ``message`` in the checkpointed thread ``thread_key`` and collect the reply."""
    config: RunnableConfig = {"configurable": {"thread_id": thread_key}, "recursion_limit": RECURSION_LIMIT}
    try:
        state = agent.invoke({"messages": [HumanMessage(content=message)]}, config=config, context=context)
    except GraphRecursionError:
        raise AgentError("the assistant needed too many steps for this question; please ask more narrowly") from None
    except openai.APIStatusError as exc:  # endpoint failures that fall back never get here (4xx: configuration)
        raise AgentError(f"the language model endpoint refused the request (HTTP {exc.status_code})") from None
    return collect(state["messages"], thread=thread, model_name=model_name, specs=specs)


def _turn(messages: Sequence[BaseMessage]) -> tuple[str, Sequence[BaseMessage]]:
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return messages[index].text, messages[index + 1 :]
    return "", messages


def collect(
    messages: Sequence[BaseMessage], *, thread: str, model_name: str, specs: Sequence[ToolSpec] | None = None
) -> Reply:
    """The Reply for the last turn of ``messages``: answer, tool calls, citations, usage, fallback."""
    question, turn = _turn(messages)
    calls: list[ToolCallRecord] = []
    citations: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    prompt = completion = 0
    answer = ""
    for msg in turn:
        if isinstance(msg, AIMessage):
            calls += [
                ToolCallRecord(name=c["name"], args=model_args(c["name"], c["args"], specs)) for c in msg.tool_calls
            ]
            if msg.usage_metadata:
                prompt += msg.usage_metadata.get("input_tokens", 0)
                completion += msg.usage_metadata.get("output_tokens", 0)
            if not msg.tool_calls:
                answer = msg.text
        elif isinstance(msg, ToolMessage) and isinstance(msg.artifact, dict):
            for item in msg.artifact.get("citations") or []:
                key = (str(item["kind"]), str(item["id"]))
                if key not in seen:
                    seen.add(key)
                    citations.append(Citation(kind=key[0], id=key[1]))
    reason = fell_back(messages)
    note = None
    if reason is not None:
        note = FALLBACK_NOTE[language(question)]
        answer = f"{note}\n\n{answer}"
        model_name = MODEL_NAME
    return Reply(
        answer=answer,
        tool_calls=calls,
        citations=citations,
        usage=Usage(prompt_tokens=prompt, completion_tokens=completion),
        thread=thread,
        model=model_name,
        fallback=reason is not None,
        note=note,
    )
