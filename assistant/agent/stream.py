"""Run one question through the agent as a stream of :mod:`events <assistant.agent.events>`.

LangGraph streams three things at once (``stream_mode=["messages", "updates", "values"]``):
the model's text as it is generated (``messages``: chunks of the OpenAI stream, or the offline
model's phrases), each node's finished output (``updates``: the AI message with its tool calls,
the tool results) and the state after each step (``values``: the last one is what ``invoke``
returns, and the reply is collected from it exactly as for a non-streamed turn).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import openai
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.errors import GraphRecursionError
from langgraph.graph.state import CompiledStateGraph

from assistant.agent.collect import call_records, collect, fallback_note, message_citations, with_note
from assistant.agent.context import AgentContext
from assistant.agent.events import ChatEvent, DoneEvent, ResetEvent, TokenEvent, ToolEvent, ToolResultEvent
from assistant.agent.middleware import FALLBACK_KEY
from assistant.agent.offline import MODEL_NAME
from assistant.agent.reply import AgentError
from assistant.agent.tools_registry import ToolSpec

RECURSION_LIMIT = 24
MODEL_NODE = "model"


class _AnswerText:
    """Turns the model's streamed messages into token and reset events.

    Text is shown as it arrives. A model call is told apart from the next by its task, model
    and message id: when a new call starts while text of an earlier one is showing, that text
    was not the answer (the call failed and the fallback took over, or it went on to call tools)
    and a reset is sent. Once the offline fallback has answered anything in the turn, the answer
    text starts with the fallback note, as the reply's answer does.
    """

    def __init__(self, question: str, model_name: str) -> None:
        self.question = question
        self.can_fall_back = model_name != MODEL_NAME
        self.fell_back = False
        self.showing = False  # answer text (or the note) has been sent since the last reset
        self.call: tuple[str, str, str] | None = None
        self.calling: set[tuple[str, str, str]] = set()  # calls that turned out to call tools

    def reset(self, reason: Literal["fallback", "tool_call"]) -> Iterator[ChatEvent]:
        if self.showing:
            yield ResetEvent(reason=reason)
        self.showing = False

    def on_message(self, message: BaseMessage, meta: Mapping[str, Any]) -> Iterator[ChatEvent]:
        """Events for one streamed message chunk (or a whole message from a model that does not stream)."""
        if meta.get("langgraph_node") != MODEL_NODE or not isinstance(message, AIMessage):
            return
        offline = meta.get("ls_model_name") == MODEL_NAME
        if offline and self.can_fall_back and not self.fell_back:
            self.fell_back = True
            yield from self.reset("fallback")
        call = (str(meta.get("langgraph_checkpoint_ns", "")), str(meta.get("ls_model_name", "")), str(message.id))
        if call != self.call:  # an earlier call's text was not the answer
            yield from self.reset("tool_call")
            self.call = call
        calls_tools = bool(message.tool_call_chunks if isinstance(message, AIMessageChunk) else message.tool_calls)
        if calls_tools and call not in self.calling:
            self.calling.add(call)
            yield from self.reset("tool_call")
        text = message.text
        if not text or call in self.calling:
            return
        if not self.showing and self.fell_back:
            yield TokenEvent(text=with_note(fallback_note(self.question), ""))
        self.showing = True
        yield TokenEvent(text=text)

    def on_ai_message(self, message: AIMessage) -> None:
        """A model node finished: notice a fallback the chunks did not show."""
        if message.response_metadata.get(FALLBACK_KEY):
            self.fell_back = True


def _update_events(
    update: Mapping[str, Any], text: _AnswerText, specs: Sequence[ToolSpec] | None
) -> Iterator[ChatEvent]:
    for output in update.values():
        messages = output.get("messages") if isinstance(output, Mapping) else None
        for message in messages or []:
            if isinstance(message, AIMessage):
                text.on_ai_message(message)
                for record in call_records(message, specs):
                    yield ToolEvent(name=record.name, args=record.args)
            elif isinstance(message, ToolMessage):
                ok = message.status != "error"
                yield ToolResultEvent(name=str(message.name), ok=ok, citations=message_citations(message))


def stream_turn(
    agent: CompiledStateGraph[Any, AgentContext, Any, Any],
    *,
    context: AgentContext,
    message: str,
    thread_key: str,
    thread: str,
    model_name: str,
    specs: Sequence[ToolSpec] | None = None,
) -> Iterator[ChatEvent]:
    """Ask ``message`` in the checkpointed thread ``thread_key``; yield events as they happen.

    The last event is a :class:`DoneEvent` carrying the reply :func:`run_turn` returns. Drain the
    iterator: a turn abandoned part-way stops between steps and is not answered. Raises
    :class:`AgentError` when the turn cannot be answered.
    """
    config: RunnableConfig = {"configurable": {"thread_id": thread_key}, "recursion_limit": RECURSION_LIMIT}
    text = _AnswerText(message, model_name)
    state: Mapping[str, Any] = {}
    parts = agent.stream(
        {"messages": [HumanMessage(content=message)]},
        config=config,
        context=context,
        stream_mode=["messages", "updates", "values"],
        version="v2",
    )
    try:
        for part in parts:
            if part["type"] == "messages":
                yield from text.on_message(*part["data"])
            elif part["type"] == "updates":
                yield from _update_events(part["data"], text, specs)
            elif part["type"] == "values":
                state = part["data"]
    except GraphRecursionError:
        raise AgentError("the assistant needed too many steps for this question; please ask more narrowly") from None
    except openai.APIStatusError as exc:  # endpoint failures that fall back never get here (4xx: configuration)
        raise AgentError(f"the language model endpoint refused the request (HTTP {exc.status_code})") from None
    yield DoneEvent(reply=collect(state["messages"], thread=thread, model_name=model_name, specs=specs))
