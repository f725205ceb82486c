"""The one place tools plug into the agent.

A tool is a plain typed function from ``tools/`` or ``index/``::

    def account_overview(session: Session, *, user: User, account: str, as_of: date | None = None) -> Model

Parameters named in :data:`INJECTED` (and any in ``ToolSpec.inject``) are filled from the runtime
:class:`~assistant.agent.context.AgentContext`, never by the model: they are absent from the schema
the model sees, and arguments the model invents (``user``, ``user_email``...) are dropped. Every
other parameter becomes a model-visible argument. The function's docstring is the tool's
description. The result is serialised to compact JSON (sorted keys) and trimmed to a token budget;
the records it cites travel in the ToolMessage artifact.

To add a tool: append ``ToolSpec(module.function)`` to :data:`TOOL_SPECS` (see the report/README).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, get_type_hints

from langchain.agents.middleware import AgentMiddleware, ToolCallRequest
from langchain.tools import InjectedToolArg, ToolRuntime
from langchain_core.messages import ToolMessage
from langchain_core.tools import StructuredTool
from langgraph.errors import GraphBubbleUp
from langgraph.types import Command
from pydantic import BaseModel, ConfigDict, create_model

from assistant.agent.budget import TOOL_TOKEN_BUDGET, citations, dumps, to_data, trim_to_budget
from assistant.agent.context import AgentContext
from tools import accounts, agent_documents, agent_scores, agent_tools
from tools.base import AmbiguousError, NotFoundError, PermissionDeniedError, ToolError

logger = logging.getLogger(__name__)

#: Parameters always supplied by the runtime context, never by the model.
INJECTED: frozenset[str] = frozenset({"session", "user", "as_of", "language", "config"})


@dataclass(frozen=True)
class ToolSpec:
    """A plain tool function and how to expose it.

    ``inject`` names further parameters filled from ``AgentContext.resources`` (e.g. ``"index"``).
    ``budget`` overrides the token budget of this tool's results.
    """

    func: Callable[..., Any]
    name: str | None = None
    inject: tuple[str, ...] = ()
    budget: int | None = None

    @property
    def tool_name(self) -> str:
        """The name the model calls the tool by."""
        return self.name or self.func.__name__


#: Every tool the agent may use. Add one line per tool.
TOOL_SPECS: list[ToolSpec] = [
    ToolSpec(accounts.list_my_accounts),
    ToolSpec(accounts.account_overview),
    ToolSpec(accounts.find_contacts),
    # account scores (tools/agent_scores.py)
    ToolSpec(agent_scores.account_briefing, budget=6000),
    ToolSpec(agent_scores.account_rfm),
    ToolSpec(agent_scores.account_health, budget=2500),
    ToolSpec(agent_scores.risk_scan, budget=2000),
    ToolSpec(agent_scores.portfolio_at_risk, budget=2500),
    ToolSpec(agent_scores.portfolio_query, budget=2500),
    ToolSpec(agent_scores.next_best_actions, budget=2500),
    # deals and relationships (tools/agent_tools.py)
    ToolSpec(agent_tools.c139_assessment, budget=5000),
    ToolSpec(agent_tools.power_map, budget=2000),
    ToolSpec(agent_tools.customer_tree, budget=2500),
    ToolSpec(agent_tools.qualify_account),
    ToolSpec(agent_tools.lead_score),
    ToolSpec(agent_tools.check_duplicates),
    # meeting notes and e-mails (tools/agent_documents.py)
    ToolSpec(agent_documents.search_documents, inject=("index",), budget=2000),
    ToolSpec(agent_documents.sentiment_review, budget=2000),
    ToolSpec(agent_documents.draft_follow_up, budget=2500),
]


@dataclass
class _Bound:
    spec: ToolSpec
    injected: list[str]
    schema: type[BaseModel]
    fields: frozenset[str] = field(default_factory=frozenset)


def _bind(spec: ToolSpec) -> _Bound:
    try:
        hints = get_type_hints(spec.func, include_extras=True)
    except NameError as exc:
        raise TypeError(
            f"tool {spec.tool_name}: import its annotation types at run time, not under TYPE_CHECKING ({exc})"
        ) from exc
    injectable = INJECTED | set(spec.inject)
    fields: dict[str, Any] = {}
    injected: list[str] = []
    for pname, param in inspect.signature(spec.func).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise TypeError(f"tool {spec.tool_name}: *args/**kwargs are not allowed ({pname})")
        if pname in injectable:
            injected.append(pname)
            continue
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[pname] = (hints.get(pname, Any), default)
    model_name = "".join(part.title() for part in spec.tool_name.split("_")) + "Args"
    # ``runtime`` is declared as an injected field: hidden from the model, and it keeps LangChain
    # from dropping the injected runtime when a tool has no model-visible argument at all.
    schema = create_model(
        model_name,
        __config__=ConfigDict(extra="ignore"),
        runtime=(Annotated[Any, InjectedToolArg], None),
        **fields,
    )
    return _Bound(spec=spec, injected=injected, schema=schema, fields=frozenset(fields))


def _injected_value(name: str, context: AgentContext, session: Any) -> Any:
    if name == "session":
        return session
    if name == "user":
        return context.user
    if name == "as_of":
        return context.as_of
    if name == "language":
        return context.language
    if name in context.resources:
        return context.resources[name]
    if name == "config":
        return None
    raise ToolError(f"this tool needs {name!r}, which is not configured")


def make_tool(spec: ToolSpec, *, budget: int = TOOL_TOKEN_BUDGET) -> StructuredTool:
    """``spec`` as a LangChain tool whose user, session and date come from the runtime context."""
    bound = _bind(spec)
    limit = spec.budget or budget

    def run(runtime: ToolRuntime[AgentContext], **kwargs: Any) -> tuple[str, dict[str, Any]]:
        context = runtime.context
        args = {k: v for k, v in kwargs.items() if k in bound.fields}
        with context.session_factory() as session:
            values = {n: _injected_value(n, context, session) for n in bound.injected}
            result = spec.func(**values, **args)
            data = to_data(result)
        trimmed, truncated, tokens = trim_to_budget(data, limit)
        artifact = {"citations": citations(trimmed), "truncated": truncated, "tokens": tokens}
        return dumps(trimmed), artifact

    return StructuredTool(
        name=spec.tool_name,
        description=inspect.getdoc(spec.func) or spec.tool_name,
        args_schema=bound.schema,
        func=run,
        response_format="content_and_artifact",
    )


def build_tools(specs: Sequence[ToolSpec] | None = None, *, budget: int = TOOL_TOKEN_BUDGET) -> list[StructuredTool]:
    """The LangChain tools for ``specs`` (default: every registered tool)."""
    chosen = TOOL_SPECS if specs is None else specs
    names = [s.tool_name for s in chosen]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate tool names: {sorted(n for n in set(names) if names.count(n) > 1)}")
    return [make_tool(s, budget=budget) for s in chosen]


def model_args(name: str, args: dict[str, Any], specs: Sequence[ToolSpec] | None = None) -> dict[str, Any]:
    """The arguments of a model's tool call that the tool really receives (invented ones dropped)."""
    for spec in TOOL_SPECS if specs is None else specs:
        if spec.tool_name == name:
            fields = _bind(spec).fields
            return {k: v for k, v in sorted(args.items()) if k in fields}
    return {}


def error_payload(exc: Exception) -> dict[str, Any]:
    """What the model and the user may see of a failed tool call (no internals for unexpected errors)."""
    if isinstance(exc, NotFoundError):
        return {"error": str(exc), "error_type": "not_found", "kind": exc.kind, "ref": exc.ref}
    if isinstance(exc, AmbiguousError):
        return {
            "error": str(exc),
            "error_type": "ambiguous",
            "kind": exc.kind,
            "ref": exc.ref,
            "candidates": exc.candidates,
        }
    if isinstance(exc, PermissionDeniedError):
        return {"error": str(exc), "error_type": "permission_denied"}
    if isinstance(exc, ToolError):
        return {"error": str(exc), "error_type": "invalid"}
    return {"error": "the tool failed with an internal error", "error_type": "internal"}


class ToolErrorsMiddleware(AgentMiddleware[Any, AgentContext, Any]):
    """Turns tool exceptions into error ToolMessages: the single place tool errors are handled."""

    def wrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], ToolMessage | Command[Any]]
    ) -> ToolMessage | Command[Any]:
        """Run the tool; a ToolError becomes its message, anything else a generic error."""
        try:
            return handler(request)
        except GraphBubbleUp:
            raise
        except Exception as exc:
            return self._as_message(request, exc)

    async def awrap_tool_call(self, request: ToolCallRequest, handler: Any) -> ToolMessage | Command[Any]:
        """Async variant of :meth:`wrap_tool_call`."""
        try:
            result: ToolMessage | Command[Any] = await handler(request)
            return result
        except GraphBubbleUp:
            raise
        except Exception as exc:
            return self._as_message(request, exc)

    @staticmethod
    def _as_message(request: ToolCallRequest, exc: Exception) -> ToolMessage:
        name = request.tool_call["name"]
        if not isinstance(exc, ToolError):
            logger.error("tool %s failed: %s", name, type(exc).__name__, exc_info=exc)
        return ToolMessage(
            content=dumps(error_payload(exc)),
            name=name,
            tool_call_id=request.tool_call["id"],
            status="error",
            artifact={"citations": [], "truncated": False, "tokens": 0},
        )
