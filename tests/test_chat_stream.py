"""Live chat streaming: agent events through the service to the SSE endpoint of a real uvicorn server.

The OpenAI path runs against the scripted loopback stub, which can hold a stream part-way until the
test has seen the first token (so tokens provably arrive while the answer is still being written)
or cut it part-way (the fallback to the offline model).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from agent_world import seeded_settings
from channels_support import serve
from langchain_core.messages import AIMessageChunk, HumanMessage
from openai_stub import Step, openai_stub, stream
from sqlalchemy import select
from sqlmodel import col

from assistant.agent import AgentOptions
from assistant.agent.offline import OfflineChatModel
from assistant.agent.offline.streaming import text_pieces
from assistant.agent.tools_registry import build_tools
from assistant.crm.models import AuditEntry
from assistant.http.app import create_app
from assistant.service import Tillage

REP1 = "rep1@t.example"
ANSWER = "Acme Manufacturing (A-001) has 2 open opportunities worth 1.5M CNY and one open ticket."
OVERVIEW = ("account_overview", {"account": "Acme"})
Event = tuple[str, Any]


@pytest.fixture
def make_service(tmp_path: Path) -> Iterator[Callable[..., Tillage]]:
    made: list[Tillage] = []

    def make(base_url: str | None = None) -> Tillage:
        if base_url is None:
            settings = seeded_settings(tmp_path / "home", llm="offline")
        else:
            settings = seeded_settings(
                tmp_path / "home", llm="openai", openai_api_key="sk-test", openai_base_url=base_url,
                model="scripted-model",
            )  # fmt: skip
        service = Tillage(settings)
        service.agent_options = AgentOptions(streaming=True, max_retries=0)
        made.append(service)
        return service

    yield make
    for service in made:
        service.close()


def events_of(response: httpx.Response, on_event: Callable[[str, Any], None] | None = None) -> Iterator[Event]:
    """The SSE events of ``response`` as they arrive (comments skipped)."""
    name, data = "", []
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
        elif not line and name:
            event = (name, json.loads("\n".join(data)))
            if on_event is not None:
                on_event(*event)
            yield event
            name, data = "", []


def ask_sse(base: str, token: str, question: str, on_event: Callable[[str, Any], None] | None = None) -> list[Event]:
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    with httpx.stream("POST", f"{base}/v1/chat", json={"message": question}, headers=headers, timeout=60) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        return list(events_of(r, on_event))


def answer_text(events: list[Event]) -> str:
    """The token texts after the last reset."""
    names = [name for name, _ in events]
    start = len(names) - names[::-1].index("reset") if "reset" in names else 0
    return "".join(data["text"] for name, data in events[start:] if name == "token")


def held(step: Step, at: int) -> tuple[Step, threading.Event]:
    """``step`` holding back its chunks from ``at`` on until the returned event is set."""
    step.hold, step.hold_at = threading.Event(), at
    return step, step.hold


def content_chunks(step: Step) -> int:
    return sum(1 for c in step.body if c["choices"] and c["choices"][0]["delta"].get("content"))


# -- the offline model streams its answer in phrases -------------------------------------------------


def test_text_pieces_cut_between_words_and_after_chinese_punctuation() -> None:
    assert text_pieces("Acme Manufacturing Co., Ltd. (A-001) has 2 open deals.") == [
        "Acme Manufacturing Co., ",  # exactly 24 characters
        "Ltd. (A-001) has 2 open ",
        "deals.",
    ]
    assert text_pieces("长城精密机械有限公司（A-002）：健康度良好，风险较低。") == [
        "长城精密机械有限公司（A-002）：健康度良好，",
        "风险较低。",
    ]
    assert text_pieces("a" * 30 + " b\n\nc") == ["a" * 24, "a" * 6 + " b\n\nc"]
    assert text_pieces("") == []


def test_the_offline_stream_merges_into_the_message_it_would_return() -> None:
    catalog = [{"id": "A-001", "name": "Acme Manufacturing", "aliases": ["Acme"]}]
    model = OfflineChatModel().bind_tools(build_tools(), catalog=catalog, as_of=date(2024, 6, 15))
    question = [HumanMessage("How is Acme doing?")]
    whole = model.invoke(question)
    chunks = [c for c in model.stream(question) if isinstance(c, AIMessageChunk)]
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged = merged + chunk
    assert [(c["name"], c["args"], c["id"]) for c in merged.tool_calls] == [
        ("account_overview", {"account": "A-001"}, whole.tool_calls[0]["id"])
    ]
    assert whole.usage_metadata is not None and whole.usage_metadata["input_tokens"] > 0
    assert merged.usage_metadata == whole.usage_metadata
    assert merged.response_metadata["model_name"] == "tillage-offline"  # once, not concatenated per chunk
    help_chunks = list(OfflineChatModel().stream([HumanMessage("help")]))
    help_whole = OfflineChatModel().invoke([HumanMessage("help")])
    assert len([c for c in help_chunks if c.text]) > 3
    assert "".join(c.text for c in help_chunks) == help_whole.text


# -- through the HTTP endpoint -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "tool", "cited"),
    [("How is Acme doing?", "account_overview", "A-001"), ("阿克米的财务负责人是谁?", "find_contacts", "C-2")],
)
def test_offline_tools_then_tokens_then_the_reply(
    make_service: Callable[..., Tillage], question: str, tool: str, cited: str
) -> None:
    service = make_service()
    token = service.create_api_key(user_email=REP1).token
    with serve(create_app(service)) as base:
        events = ask_sse(base, token, question)
    names = [name for name, _ in events]
    assert names[-1] == "done" and names.count("done") == 1 and "reset" not in names and "error" not in names
    first_token = names.index("token")
    assert names[:2] == ["tool", "tool_result"] and first_token == 2
    assert names[first_token:-1] == ["token"] * (len(names) - 3) and len(names) - 3 > 1
    (_, call), (_, result), (_, done) = events[0], events[1], events[-1]
    assert call["name"] == tool and result["name"] == tool and result["ok"] is True
    assert {"kind": "contact" if cited.startswith("C") else "account", "id": cited} in result["citations"]
    assert answer_text(events) == done["answer"] and cited in done["answer"]
    assert done["tool_calls"] == [call] and done["citations"] == result["citations"]
    assert done["model"] == "tillage-offline" and done["usage"]["prompt_tokens"] > 0 and done["fallback"] is False


def test_openai_tokens_arrive_while_the_answer_is_still_being_written(make_service: Callable[..., Tillage]) -> None:
    answer, release = held(stream(ANSWER, usage=(300, 12)), at=4)  # role chunk + 3 content chunks, then held
    with openai_stub(stream(tool_calls=[OVERVIEW], usage=(120, 15)), answer) as stub:
        service = make_service(stub.base_url)
        token = service.create_api_key(user_email=REP1).token
        before_release: list[str] = []

        def on_event(name: str, data: Any) -> None:
            if name == "token" and not release.is_set():
                before_release.append(data["text"])
                release.set()

        with serve(create_app(service)) as base:
            events = ask_sse(base, token, "How is Acme doing?", on_event)
    assert stub.hold_timeouts == 0  # released by the first token, not by the stub giving up
    first = before_release[0]
    assert first and ANSWER.startswith(first) and len(first) <= 3 * 7  # from the chunks sent before the hold
    names = [name for name, _ in events]
    assert names[:2] == ["tool", "tool_result"] and names[-1] == "done" and "reset" not in names
    assert events[0][1] == {"name": "account_overview", "args": {"account": "Acme"}}
    assert names.count("token") == content_chunks(answer)  # one event per streamed delta
    done = events[-1][1]
    assert answer_text(events) == done["answer"] == ANSWER
    assert done["usage"] == {"prompt_tokens": 420, "completion_tokens": 27}
    assert done["model"] == "scripted-model" and done["fallback"] is False
    assert all(r["stream"] is True for r in stub.requests)


def test_text_written_before_tool_calls_is_withdrawn(make_service: Callable[..., Tillage]) -> None:
    preamble = stream("Let me look that up.", tool_calls=[OVERVIEW], usage=(120, 15))
    with openai_stub(preamble, stream(ANSWER, usage=(300, 12))) as stub:
        service = make_service(stub.base_url)
        token = service.create_api_key(user_email=REP1).token
        with serve(create_app(service)) as base:
            events = ask_sse(base, token, "How is Acme doing?")
    names = [name for name, _ in events]
    assert names[: names.index("reset") + 3] == ["token"] * 3 + ["reset", "tool", "tool_result"]
    assert "".join(data["text"] for _, data in events[:3]) == "Let me look that up."
    assert events[3][1] == {"reason": "tool_call"}
    assert answer_text(events) == events[-1][1]["answer"] == ANSWER


def test_keep_alive_comments_while_the_endpoint_is_silent(
    make_service: Callable[..., Tillage], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assistant.http.sse.KEEPALIVE_SECONDS", 0.05)
    answer, release = held(stream(ANSWER), at=1)  # no answer text until a keep-alive came after the tool
    with openai_stub(stream(tool_calls=[OVERVIEW]), answer) as stub:
        service = make_service(stub.base_url)
        headers = {"Authorization": f"Bearer {service.create_api_key(user_email=REP1).token}",
                   "Accept": "text/event-stream"}  # fmt: skip
        lines: list[str] = []
        with (
            serve(create_app(service)) as base,
            httpx.stream("POST", f"{base}/v1/chat", json={"message": "How is Acme?"}, headers=headers) as r,
        ):
            for line in r.iter_lines():
                lines.append(line)
                if line == ": keep-alive" and "event: tool_result" in lines:
                    release.set()
    assert stub.hold_timeouts == 0
    assert ": keep-alive" in lines[lines.index("event: tool_result") :]  # sent while the answer was held
    assert lines[-3] == "event: done"


def _error_event(step: Step, at: int) -> Step:
    step.body = [*step.body[:at], {"error": {"message": "The server had an error", "type": "server_error"}}]
    return step


@pytest.mark.parametrize(
    "failing",
    [
        lambda s: Step("sse", s.body, cut_at=4),  # the connection drops after three content chunks
        lambda s: _error_event(s, 4),  # the endpoint reports an error inside the stream
    ],
    ids=["connection-cut", "error-event"],
)
def test_an_endpoint_failing_mid_stream_resets_and_the_offline_model_answers(
    make_service: Callable[..., Tillage], failing: Callable[[Step], Step]
) -> None:
    with openai_stub(stream(tool_calls=[OVERVIEW], usage=(120, 15)), failing(stream(ANSWER))) as stub:
        service = make_service(stub.base_url)
        token = service.create_api_key(user_email=REP1).token
        with serve(create_app(service)) as base:
            events = ask_sse(base, token, "How is Acme doing?")
    assert len(stub.requests) == 2
    names = [name for name, _ in events]
    reset = names.index("reset")
    assert names[:2] == ["tool", "tool_result"] and names.count("reset") == 1 and names[-1] == "done"
    assert events[reset][1] == {"reason": "fallback"}
    shown = "".join(data["text"] for name, data in events[:reset] if name == "token")
    assert shown == ANSWER[:21]  # what the endpoint sent before failing was shown, then withdrawn
    done = events[-1][1]
    assert done["fallback"] is True and done["model"] == "tillage-offline"
    assert done["note"].startswith("Note: the language model endpoint was unavailable")
    assert events[reset + 1] == ("token", {"text": done["note"] + "\n\n"})
    assert answer_text(events) == done["answer"] and done["answer"].startswith(done["note"] + "\n\n")
    assert "Acme Manufacturing Co., Ltd. (A-001)" in done["answer"]  # the offline answer from the tool result
    assert done["tool_calls"] == [{"name": "account_overview", "args": {"account": "Acme"}}]
    assert done["usage"]["prompt_tokens"] > 120  # the endpoint's tool call plus the offline answer


def test_ask_and_the_stream_give_the_same_reply_and_audit(make_service: Callable[..., Tillage]) -> None:
    service = make_service()
    auth = {"Authorization": f"Bearer {service.create_api_key(user_email=REP1).token}"}
    questions = ["How is Acme doing?", "阿克米的财务负责人是谁?", "help"]
    with serve(create_app(service)) as base:
        for question in questions:
            asked = httpx.post(f"{base}/v1/chat", json={"message": question}, headers=auth, timeout=60)
            assert asked.status_code == 200, asked.text
            streamed = ask_sse(base, auth["Authorization"][7:], question)[-1][1]
            plain = asked.json()
            assert plain["thread"] != streamed["thread"]
            keys = ("answer", "tool_calls", "citations", "usage", "model", "fallback", "note")
            assert {k: plain[k] for k in keys} == {k: streamed[k] for k in keys}
    with service.session() as session:
        rows = session.execute(
            select(col(AuditEntry.action), col(AuditEntry.request), col(AuditEntry.tool_calls)).order_by(
                col(AuditEntry.id)
            )
        ).all()
    asks = [tuple(r) for r in rows if r[0] == "ask"]
    assert [r[1] for r in asks] == [q for q in questions for _ in range(2)]
    assert all(asks[i][2] == asks[i + 1][2] for i in range(0, len(asks), 2))
    assert asks[0][2] == [{"name": "account_overview", "args": {"account": "A-001"}}]


def test_a_client_that_leaves_mid_answer_does_not_stop_the_turn(make_service: Callable[..., Tillage]) -> None:
    answer, release = held(stream(ANSWER, usage=(300, 12)), at=4)
    with openai_stub(stream(tool_calls=[OVERVIEW], usage=(120, 15)), answer) as stub:
        service = make_service(stub.base_url)
        token = service.create_api_key(user_email=REP1).token
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        with serve(create_app(service)) as base:
            with httpx.stream("POST", f"{base}/v1/chat", json={"message": "How is Acme?"}, headers=headers) as r:
                seen = next(name for name, _ in events_of(r) if name == "token")
            release.set()  # the client is gone; the endpoint finishes the answer
            entry = _wait_for_audit(service, "ask")
        assert stub.hold_timeouts == 0
    assert seen == "token" and entry.request == "How is Acme?"
    assert entry.tool_calls == [{"name": "account_overview", "args": {"account": "Acme"}}]


def _wait_for_audit(service: Tillage, action: str, timeout: float = 30.0) -> AuditEntry:
    deadline = time.monotonic() + timeout
    while True:
        with service.session() as session:
            query = select(AuditEntry).where(col(AuditEntry.action) == action)
            found: AuditEntry | None = session.execute(query).scalars().first()
            if found is not None:
                session.expunge(found)
                return found
        if time.monotonic() > deadline:
            raise AssertionError(f"no {action!r} audit entry")
        time.sleep(0.05)
