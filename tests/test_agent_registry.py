"""The tool registry: context-injected user, tool errors in one place, results trimmed to a token budget."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from agent_world import AS_OF, seeded_settings
from langchain_core.tools import BaseTool
from langgraph.checkpoint.memory import InMemorySaver
from openai_stub import completion, openai_stub
from pydantic import BaseModel
from sqlmodel import Session

from assistant.agent import AgentContext, AgentOptions, build_agent, run_turn
from assistant.agent.budget import citations, dumps, trim_to_budget
from assistant.agent.tools_registry import ToolSpec, build_tools
from assistant.crm import db
from assistant.crm.access import get_user
from assistant.crm.models import User
from index.tokens import count_tokens
from tools.base import Evidence, PermissionDeniedError, ToolResult


class Row(BaseModel):
    id: str
    text: str


class BigResult(ToolResult):
    rows: list[Row]


def whoami(session: Session, *, user: User, as_of: Any) -> dict[str, str]:
    """The requesting user's id and the date (test tool)."""
    return {"user": user.id, "as_of": str(as_of)}


def boom(session: Session, *, user: User, account: str) -> dict[str, str]:
    """Always fails unexpectedly (test tool)."""
    raise RuntimeError("password=hunter2 at postgres://db.internal/crm")


def refuse(session: Session, *, user: User) -> dict[str, str]:
    """Always refuses (test tool)."""
    raise PermissionDeniedError("only a manager may undo a risk action")


def big_list(session: Session, *, user: User, size: int = 400) -> BigResult:
    """Many rows (test tool)."""
    ids = [f"R-{i:04d}" for i in range(size)]
    return BigResult(
        rows=[Row(id=i, text="lorem ipsum dolor sit amet " * 3) for i in ids],
        evidence=[Evidence(record="row", id=i) for i in ids],
    )


SPECS = [ToolSpec(whoami), ToolSpec(boom), ToolSpec(refuse), ToolSpec(big_list, budget=600)]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    seeded_settings(tmp_path / "home")
    return tmp_path / "home"


def _run(home: Path, base_url: str, email: str = "rep1@t.example") -> Any:
    settings = seeded_settings(
        home, llm="openai", openai_api_key="sk-test", openai_base_url=base_url, model="scripted-model"
    )
    options = AgentOptions(streaming=False, max_retries=0)
    agent = build_agent(settings, checkpointer=InMemorySaver(), specs=SPECS, options=options)
    engine = db.make_engine(settings.resolved_database_url)
    with Session(engine) as session:
        user = get_user(session, email=email)

    def factory() -> AbstractContextManager[Session]:
        return db.session_scope(engine)

    context = AgentContext(user=user, session_factory=factory, as_of=AS_OF)
    try:
        return run_turn(agent, context=context, message="test", thread_key="k", thread="t", model_name="m", specs=SPECS)
    finally:
        engine.dispose()


def _properties(tool: BaseTool) -> dict[str, Any]:
    schema = tool.tool_call_schema
    assert isinstance(schema, type) and issubclass(schema, BaseModel)
    properties: dict[str, Any] = schema.model_json_schema().get("properties", {})
    return properties


def test_schema_hides_injected_parameters() -> None:
    tools = {t.name: t for t in build_tools(SPECS)}
    assert _properties(tools["whoami"]) == {}
    assert set(_properties(tools["big_list"])) == {"size"}
    assert tools["whoami"].description == "The requesting user's id and the date (test tool)."
    with pytest.raises(ValueError, match="duplicate tool names"):
        build_tools([ToolSpec(whoami), ToolSpec(whoami)])


def test_user_comes_from_the_context_not_the_model(home: Path) -> None:
    steps = [
        completion(tool_calls=[("whoami", {"user": "U-ADM", "user_email": "admin@t.example", "runtime": "x"})]),
        completion("done", usage=(10, 2)),
    ]
    with openai_stub(*steps) as stub:
        reply = _run(home, stub.base_url)
    (tool_message,) = [m for m in stub.requests[1]["messages"] if m["role"] == "tool"]
    assert json.loads(tool_message["content"]) == {"user": "U-R1", "as_of": "2024-06-15"}
    assert [(c.name, c.args) for c in reply.tool_calls] == [("whoami", {})]
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (10, 2)


def test_tool_errors_become_tool_messages_without_internals(home: Path) -> None:
    steps = [completion(tool_calls=[("boom", {"account": "A-001"}), ("refuse", {})]), completion("sorry")]
    with openai_stub(*steps) as stub:
        reply = _run(home, stub.base_url)
    assert reply.answer == "sorry"
    boom_msg, refuse_msg = (m["content"] for m in stub.requests[1]["messages"] if m["role"] == "tool")
    assert json.loads(boom_msg) == {"error": "the tool failed with an internal error", "error_type": "internal"}
    assert "hunter2" not in boom_msg and "postgres" not in boom_msg
    assert json.loads(refuse_msg) == {
        "error": "only a manager may undo a risk action",
        "error_type": "permission_denied",
    }


def test_big_result_is_trimmed_under_the_budget(home: Path) -> None:
    steps = [completion(tool_calls=[("big_list", {"size": 400})]), completion("many rows")]
    with openai_stub(*steps) as stub:
        reply = _run(home, stub.base_url)
    (content,) = [m["content"] for m in stub.requests[1]["messages"] if m["role"] == "tool"]
    assert count_tokens(content) <= 600
    data = json.loads(content)
    assert data["truncated"] is True
    assert len(data["rows"]) + data["omitted"]["rows"] == 400
    assert len(data["evidence"]) + data["omitted"]["evidence"] == 400
    assert [r["id"] for r in data["rows"]] == [f"R-{i:04d}" for i in range(len(data["rows"]))]  # first rows kept
    assert [c.id for c in reply.citations] == [e["id"] for e in data["evidence"]]  # cites what the model saw


def test_trim_to_budget_is_deterministic_and_exact() -> None:
    small = {"a": [1, 2, 3]}
    assert trim_to_budget(small, 100) == (small, False, count_tokens(dumps(small)))
    items = [{"id": f"X{i}", "note": "数据" * 10} for i in range(200)]
    data: dict[str, Any] = {"items": items, "total": 200}
    first = trim_to_budget(data, 300)
    assert first == trim_to_budget(data, 300)
    trimmed, truncated, tokens = first
    assert truncated and tokens <= 300 and tokens == count_tokens(dumps(trimmed))
    assert trimmed["total"] == 200 and len(trimmed["items"]) + trimmed["omitted"]["items"] == 200
    assert len(items) == 200  # the input is not modified
    text, cut, _ = trim_to_budget({"body": "word " * 2000}, 100)
    assert cut and text["body"].endswith("…") and count_tokens(dumps(text)) <= 100


def test_citations_are_deduplicated_in_order() -> None:
    data = {
        "evidence": [{"record": "account", "id": "A-1"}, {"record": "order", "id": "O-9"}],
        "nested": {"evidence": [{"record": "account", "id": "A-1", "values": {}}, {"record": "contact", "id": 7}]},
    }
    assert citations(data) == [
        {"kind": "account", "id": "A-1"},
        {"kind": "order", "id": "O-9"},
        {"kind": "contact", "id": "7"},
    ]
