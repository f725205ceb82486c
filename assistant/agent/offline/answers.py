"""Answer templates of the offline model: tool results to text in the user's language.

Templates are keyed by tool name and receive the tool's JSON result, the arguments it ran with,
and the language ("en"/"zh"). They only restate what the tool returned and cite record ids.

Extension points:
- write ``@template("tool_name")`` functions in an ``answers_<family>.py`` module and add that
  module to :data:`TEMPLATE_MODULES`;
- a tool without a template is still answered by :func:`generic`, which lists its scalar fields
  and cited ids.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

Template = Callable[[dict[str, Any], dict[str, Any], str], str]

TEMPLATES: dict[str, Template] = {}

#: Modules whose import registers templates (one per intent family).
TEMPLATE_MODULES: tuple[str, ...] = (
    "assistant.agent.offline.answers_accounts",
    "assistant.agent.offline.answers_deals",
    "assistant.agent.offline.answers_documents",
    "assistant.agent.offline.answers_scores",
    "assistant.agent.offline.answers_briefing",
)

_loaded = False
#: Arguments that name the record a failed call was about, in the order they are tried.
REF_ARGS = ("account", "opportunity", "lead", "document")
#: Most candidates listed when a name is ambiguous.
MAX_CANDIDATES = 8


def template(tool: str) -> Callable[[Template], Template]:
    """Register the decorated function as the answer template of ``tool``."""

    def register(fn: Template) -> Template:
        TEMPLATES[tool] = fn
        return fn

    return register


def _load() -> None:
    global _loaded
    if not _loaded:
        for module in TEMPLATE_MODULES:
            importlib.import_module(module)
        _loaded = True


def t(lang: str, en: str, zh: str) -> str:
    """The English or Chinese text."""
    return zh if lang == "zh" else en


def money(amount: float | int | None, currency: str = "") -> str:
    """An amount with thousands separators and its currency."""
    if amount is None:
        return "-"
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {currency}".strip()


def sep(lang: str) -> str:
    """The list separator of the language."""
    return "、" if lang == "zh" else ", "


def render(tool: str, data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """The answer text for one successful tool result."""
    _load()
    text = TEMPLATES.get(tool, generic(tool))(data, args, lang)
    if data.get("truncated"):
        # One count is quoted as the result states it; a sum of several would be a number no tool returned.
        omitted = [int(v) for v in (data.get("omitted") or {}).values()]
        if len(omitted) == 1:
            text += "\n" + t(lang, f"(Result shortened to fit: {omitted[0]} more items not shown.)",
                              f"(结果过长已截断:另有 {omitted[0]} 项未显示。)")  # fmt: skip
        else:
            text += "\n" + t(
                lang, "(Result shortened to fit: more items not shown.)", "(结果过长已截断:部分内容未显示。)"
            )
    return text


def generic(tool: str) -> Template:
    """A plain rendering for tools without a template: scalar fields, list sizes, cited ids."""

    def fallback(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
        lines = [t(lang, f"Result of {tool}:", f"{tool} 的结果:")]
        for key in sorted(data):
            value = data[key]
            if key in {"evidence", "thresholds", "truncated", "omitted"}:
                continue
            if isinstance(value, str | int | float | bool) or value is None:
                lines.append(f"- {key}: {value}")
            elif isinstance(value, list):
                lines.append(f"- {key}: " + t(lang, f"{len(value)} items", f"{len(value)} 项"))
        ids = [f"{e.get('record')} {e.get('id')}" for e in data.get("evidence") or [] if isinstance(e, dict)]
        if ids:
            lines.append(t(lang, "Records: ", "记录:") + sep(lang).join(ids[:20]))
        return "\n".join(lines)

    return fallback


def error(payload: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """The answer for a failed tool call, from the tool-error payload (never internals)."""
    kind = payload.get("error_type")
    ref = payload.get("ref") or next((args[k] for k in REF_ARGS if args.get(k)), "")
    noun = {"account": ("account", "客户"), "opportunity": ("opportunity", "商机"), "lead": ("lead", "线索")}.get(
        str(payload.get("kind")), ("record", "记录")
    )
    if kind == "not_found":
        return t(
            lang,
            f"I found no {noun[0]} matching “{ref}” among the records you can see.",
            f"在您有权查看的记录中,没有找到与“{ref}”匹配的{noun[1]}。",
        )
    if kind == "ambiguous":
        candidates = payload.get("candidates") or []
        names = sep(lang).join(f"{c['name']} ({c['id']})" for c in candidates[:MAX_CANDIDATES])
        if len(candidates) > MAX_CANDIDATES:
            names += t(lang, f" … ({len(candidates)} in all)", f" 等,共 {len(candidates)} 个")
        return t(
            lang,
            f"“{ref}” matches several: {names}. Which one do you mean?",
            f"“{ref}”匹配到多个:{names}。请问是哪一个?",
        )
    if kind in {"invalid", "permission_denied"}:
        return t(lang, f"I could not do that: {payload.get('error')}", f"无法完成:{payload.get('error')}")
    return t(lang, "The tool failed; please try again or ask differently.", "工具执行失败,请重试或换一种问法。")


def capabilities(lang: str, labels: Sequence[str]) -> str:
    """What the assistant can do, as a bulleted list of capability labels."""
    return "\n".join(f"- {label}" for label in labels)


def help_answer(lang: str, labels: Sequence[str]) -> str:
    """The answer to "help" / "what can you do"."""
    head = t(lang, "I can help with your accounts. Ask me for:", "我可以帮您处理客户相关的问题,例如:")
    tail = t(
        lang,
        "Name the account (by name, alias or id); I answer only from CRM records you may see.",
        "请说明客户名称、简称或编号;我只根据您有权查看的 CRM 记录作答。",
    )
    return f"{head}\n{capabilities(lang, labels)}\n{tail}"


def dont_know(lang: str, labels: Sequence[str]) -> str:
    """The answer when the question is not understood: no guess, just what is possible."""
    head = t(
        lang,
        "I did not understand that question, so I will not guess. I can answer:",
        "我没有理解这个问题,因此不做猜测。我可以回答:",
    )
    return f"{head}\n{capabilities(lang, labels)}"


def unavailable(lang: str, label: str) -> str:
    """The answer when the question needs a capability whose tool is not installed yet."""
    return t(lang, f"I understood you are asking about {label}, but that tool is not available yet.",
             f"我理解您在询问{label},但该功能暂未开放。")  # fmt: skip


def ask_account(lang: str, candidates: Sequence[tuple[str, str]] = ()) -> str:
    """Ask which account is meant (listing the candidates when the name was ambiguous)."""
    if candidates:
        names = sep(lang).join(f"{name} ({ident})" for ident, name in candidates)
        return t(lang, f"Several of your accounts match: {names}. Which one do you mean?",
                 f"有多个客户匹配:{names}。请问是哪一个?")  # fmt: skip
    return t(
        lang,
        "I could not tell which of your accounts you mean. Give its name, alias or id (or ask “list my accounts”).",
        "无法确定您指的是哪个客户。请提供客户名称、简称或编号(也可以问“我的客户有哪些”)。",
    )


def ask_missing(lang: str, params: Sequence[str]) -> str:
    """Ask for tool arguments that could not be read from the question."""
    names = ", ".join(params)
    return t(lang, f"I need more detail to answer: {names}.", f"还需要补充以下信息才能回答:{names}。")
