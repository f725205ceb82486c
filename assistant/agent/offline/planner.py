"""The offline model's decisions: which tool calls to make, and the answer once results are in.

Turn 1 (the last message is the question): recognise the intent, read the entities, emit tool
calls -- or answer directly (help, "which account?", "not understood"). Turn 2 (tool results
follow the question): write the answer from the results with the templates, in the language
of the question.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolCall, ToolMessage

from assistant.agent.offline import answers
from assistant.agent.offline.arguments import NeedAccount, NeedArgument
from assistant.agent.offline.entities import (
    CatalogEntry,
    find_account,
    find_period,
    find_role,
    language,
    norm,
    refers_back,
)
from assistant.agent.offline.intents import ARG_SOURCES, INTENTS, Entities, ToolInfo, match, needs_account

ACCOUNT_KEYS = ("account", "account_id", "account_ref")
#: A Chinese company name the catalog did not match (another rep's or a missing account): it says
#: nothing about the language of the question around it.
_COMPANY = re.compile(r"[\u4e00-\u9fff()()·]{2,40}?(?:股份有限公司|有限责任公司|有限公司|集团|公司)")


def tool_infos(tools: Sequence[dict[str, Any]]) -> dict[str, ToolInfo]:
    """Bound tools (OpenAI function format) by name."""
    out: dict[str, ToolInfo] = {}
    for tool in tools:
        fn = tool.get("function", tool)
        params = fn.get("parameters") or {}
        out[fn["name"]] = ToolInfo(
            fn["name"], dict(params.get("properties") or {}), tuple(params.get("required") or ())
        )
    return out


def _text(message: BaseMessage) -> str:
    return message.text if isinstance(message.text, str) else str(message.content)


def _last_question(messages: Sequence[BaseMessage]) -> int:
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return index
    return -1


def previous_account(history: Sequence[BaseMessage], catalog: Sequence[CatalogEntry]) -> str | None:
    """The account the previous turn's tools ran for (last tool call with an account argument)."""
    ids = {e.id for e in catalog}
    for message in reversed(history):
        if not isinstance(message, AIMessage):
            continue
        for call in reversed(message.tool_calls):
            for key in ACCOUNT_KEYS:
                value = call["args"].get(key)
                if isinstance(value, str) and value:
                    if value in ids:
                        return value
                    found = find_account(value, catalog).unique
                    if found:
                        return found
    return None


def takes_account(tool: ToolInfo) -> bool:
    """Whether the tool has an account parameter (required or not)."""
    return any(ARG_SOURCES.get(p) == "account" for p in tool.properties)


def labels(lang: str, tools: dict[str, ToolInfo]) -> list[str]:
    """Capability labels of the intents whose tools are bound."""
    return [i.label(lang) for i in INTENTS if i.tool is not None and i.tool in tools]


def decide(
    messages: Sequence[BaseMessage],
    *,
    tools: dict[str, ToolInfo],
    catalog: Sequence[CatalogEntry],
    as_of: date,
    language_hint: str | None = None,
) -> AIMessage:
    """The next AI message: tool calls, or the final answer."""
    q_index = _last_question(messages)
    if q_index < 0:
        return AIMessage(content=answers.help_answer(language_hint or "en", labels(language_hint or "en", tools)))
    question = _text(messages[q_index])
    found = find_account(question, catalog)
    lang = language(_COMPANY.sub(" ", question.replace(found.span, " ") if found.span else question), language_hint)
    turn = messages[q_index + 1 :]
    if any(isinstance(m, ToolMessage) for m in turn):
        return AIMessage(content=compose(turn, answer_language(question, found.span, turn, language_hint)))

    pointing = refers_back(question)
    intent = match(question, without=found.span, named_account=bool(found.span) or pointing)
    if intent is None:
        return AIMessage(content=answers.dont_know(lang, labels(lang, tools)))
    if intent.tool is None:
        return AIMessage(content=answers.help_answer(lang, labels(lang, tools)))
    tool = tools.get(intent.tool)
    if tool is None:
        return AIMessage(content=answers.unavailable(lang, intent.label(lang)))
    names = {e.id: e.name for e in catalog}
    if len(found.ids) > 1:
        return AIMessage(content=answers.ask_account(lang, [(i, names[i]) for i in found.ids]))
    account = found.unique
    if account is None and pointing and takes_account(tool):
        account = previous_account(messages[:q_index], catalog)
    if account is None and needs_account(tool):
        return AIMessage(content=answers.ask_account(lang))
    entities = Entities(
        question=question,
        account=account,
        role=find_role(question),
        period=find_period(question, as_of),
        account_span=found.span,
        as_of=as_of,
    )
    try:
        args = intent.args(entities, tool)
    except NeedAccount:
        return AIMessage(content=answers.ask_account(lang))
    except NeedArgument as exc:
        return AIMessage(content=answers.ask_missing(lang, [str(a) for a in exc.args]))
    missing = [p for p in tool.required if p not in args]
    if missing:
        return AIMessage(content=answers.ask_missing(lang, missing))
    call_id = f"call_offline_{len(messages)}_0"
    return AIMessage(content="", tool_calls=[ToolCall(name=tool.name, args=args, id=call_id)])


def answer_language(question: str, span: str, turn: Sequence[BaseMessage], hint: str | None) -> str:
    """The question's language, judged without the names it quotes: the account, and the lead,
    deal or search terms the tools were called with ("score lead 上海嘉通医疗器械" is English)."""
    text = norm(question)
    quoted = [span] + [
        str(v) for m in turn if isinstance(m, AIMessage) for c in m.tool_calls for v in c["args"].values()
        if isinstance(v, str)
    ]  # fmt: skip
    for part in sorted({norm(q) for q in quoted if q}, key=len, reverse=True):
        if part != text:  # a call that passes the whole question must not erase it
            text = text.replace(part, " ")
    return language(text, hint)


def compose(turn: Sequence[BaseMessage], lang: str) -> str:
    """The final answer from this turn's tool results, in their order."""
    calls: dict[str, tuple[str, dict[str, Any]]] = {}
    for message in turn:
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                calls[str(call["id"])] = (call["name"], dict(call["args"]))
    sections: list[str] = []
    for message in turn:
        if not isinstance(message, ToolMessage):
            continue
        name, args = calls.get(message.tool_call_id, (message.name or "tool", {}))
        try:
            data = json.loads(_text(message))
        except ValueError:
            data = {"error_type": "internal"} if message.status == "error" else {"text": _text(message)}
        if not isinstance(data, dict):
            data = {"items": data}
        if message.status == "error" or "error_type" in data:
            sections.append(answers.error(data, args, lang))
        else:
            sections.append(answers.render(name, data, args, lang))
    return "\n\n".join(sections)
