"""The HTTP API through a real uvicorn server on loopback: chat (JSON and SSE), auth, limits, access, probes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from channels_support import bearer, build_world, serve
from openai_stub import error, openai_stub

from assistant.http.app import create_app
from assistant.service import Tillage
from assistant.settings import load_settings

LIMIT = 8192
PROBLEM = "application/problem+json"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Tillage]:
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'crm.sqlite3'}", max_request_bytes=LIMIT)
    service = Tillage(settings)
    build_world(service)
    yield service
    service.close()


@pytest.fixture
def base(service: Tillage) -> Iterator[str]:
    with serve(create_app(service)) as url:
        yield url


def sse_events(text: str) -> list[tuple[str, Any]]:
    """Parse an SSE stream: (event, JSON data) per event; comments skipped."""
    events = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line and not line.startswith(":")]
        if not lines:
            continue
        name = next(line[7:] for line in lines if line.startswith("event: "))
        data = "\n".join(line[6:] for line in lines if line.startswith("data: "))
        events.append((name, json.loads(data)))
    return events


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://") and body["title"] and body["detail"]
    return dict(body)


def test_chat_answers_json_with_tools_citations_and_a_thread(service: Tillage, base: str) -> None:
    headers = bearer(service, "rep1@t.example")
    response = httpx.post(f"{base}/v1/chat", json={"message": "Which accounts do I have?"}, headers=headers)
    assert response.status_code == 200, response.text
    reply = response.json()
    assert "A-001" in reply["answer"] and "A-002" in reply["answer"]
    assert "A-003" not in reply["answer"]  # rep2's account
    assert [c["name"] for c in reply["tool_calls"]] == ["list_my_accounts"]
    assert {"kind": "account", "id": "A-001"} in reply["citations"]
    assert reply["usage"]["prompt_tokens"] > 0 and reply["thread"]
    again = httpx.post(f"{base}/v1/chat", json={"message": "和阿克米有关的机会?", "thread": reply["thread"]},
                       headers=headers)  # fmt: skip
    assert again.status_code == 200 and again.json()["thread"] == reply["thread"]


def test_chat_streams_server_sent_events(service: Tillage, base: str) -> None:
    headers = {**bearer(service, "rep1@t.example"), "Accept": "text/event-stream"}
    with httpx.stream("POST", f"{base}/v1/chat", json={"message": "Which accounts do I have?"}, headers=headers) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        text = r.read().decode()
    events = sse_events(text)
    names = [name for name, _ in events]
    assert names[0] == "tool" and names[-1] == "done"
    assert events[0][1] == {"name": "list_my_accounts", "args": {}}
    assert names.count("done") == 1 and "token" in names
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "token") == done["answer"]
    assert done["usage"]["prompt_tokens"] > 0 and "A-001" in done["answer"]


def test_a_streamed_request_is_validated_before_the_stream_starts(service: Tillage, base: str) -> None:
    headers = {**bearer(service, "rep1@t.example"), "Accept": "text/event-stream"}
    body = {"message": "x" * 4001}
    response = httpx.post(f"{base}/v1/chat", json=body, headers=headers)
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["field"] == "body.message"


@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        (None, "an API key is required"),
        ("Bearer tlg_0123456789ab_notarealsecretnotarealsecret", "invalid or revoked"),
        ("Bearer nonsense", "invalid or revoked"),
        ("Basic dXNlcjpwYXNz", "an API key is required"),
    ],
)
def test_missing_or_invalid_keys_get_401_with_a_bearer_challenge(
    service: Tillage, base: str, authorization: str | None, detail: str
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = httpx.get(f"{base}/v1/accounts", headers=headers)
    problem = assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert detail in problem["detail"]


def test_a_key_with_a_wrong_secret_or_revoked_is_refused(service: Tillage, base: str) -> None:
    new = service.create_api_key(user_email="rep1@t.example")
    good = {"Authorization": f"Bearer {new.token}"}
    assert httpx.get(f"{base}/v1/accounts", headers=good).status_code == 200
    forged = new.token[:-4] + ("AAAA" if not new.token.endswith("AAAA") else "BBBB")
    assert_problem(httpx.get(f"{base}/v1/accounts", headers={"Authorization": f"Bearer {forged}"}), 401)
    service.revoke_api_key(new.key.prefix, user_email="rep1@t.example")
    problem = assert_problem(httpx.get(f"{base}/v1/accounts", headers=good), 401)
    assert "revoked" in problem["detail"]
    (listed,) = service.list_api_keys(user_email="rep1@t.example")
    assert listed.revoked_at is not None and listed.last_used_at is not None
    assert new.token not in listed.model_dump_json()


def test_accounts_follow_the_access_rule(service: Tillage, base: str) -> None:
    rep = httpx.get(f"{base}/v1/accounts", headers=bearer(service, "rep1@t.example")).json()
    assert [a["id"] for a in rep] == ["A-001", "A-002"]
    assert rep[0] == {"id": "A-001", "name": "Acme Manufacturing", "aliases": ["Acme", "阿克米"],
                      "industry": "manufacturing", "region": "East", "tier": "A", "status": "active",
                      "owner_id": "U-R1", "parent_id": None}  # fmt: skip
    manager = httpx.get(f"{base}/v1/accounts", headers=bearer(service, "mgr@t.example")).json()
    assert [a["id"] for a in manager] == ["A-001", "A-003", "A-002"]


def test_a_foreign_account_answers_exactly_like_a_missing_one(service: Tillage, base: str) -> None:
    headers = bearer(service, "rep1@t.example")
    foreign = httpx.get(f"{base}/v1/accounts/A-003/scores", headers=headers)
    missing = httpx.get(f"{base}/v1/accounts/A-999/scores", headers=headers)
    assert_problem(foreign, 404)
    assert foreign.content == missing.content
    assert "A-003" not in foreign.text
    own = httpx.get(f"{base}/v1/accounts/A-001/scores", params={"as_of": "2024-06-15"}, headers=headers)
    assert own.status_code == 200, own.text
    body = own.json()
    assert body["account"]["id"] == "A-001" and body["as_of"] == "2024-06-15"
    parts = {"rfm", "health", "risk", "power_map", "customer_tree", "qualification", "next_actions", "c139"}
    assert set(body) == {"account", "as_of"} | parts
    assert [c["opportunity_id"] for c in body["c139"]] == ["O-1"]  # the won O-2 is not assessed
    assert body["power_map"]["account_id"] == "A-001" and body["c139"][0]["as_of"] == "2024-06-15"
    assert body["rfm"]["r"] == 1  # no paid order at all (domain.md 2: no order scores 1)
    admin = httpx.get(f"{base}/v1/accounts/A-003/scores", headers=bearer(service, "admin@t.example"))
    assert admin.status_code == 200 and admin.json()["account"]["owner_id"] == "U-R2"


def test_bodies_over_the_limit_get_413(service: Tillage, base: str) -> None:
    headers = bearer(service, "rep1@t.example")
    big = json.dumps({"message": "x" * (LIMIT + 10)}).encode()
    declared = httpx.post(f"{base}/v1/chat", content=big, headers={**headers, "Content-Type": "application/json"})
    problem = assert_problem(declared, 413)
    assert str(LIMIT) in problem["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
        yield b'{"message": "'
        for _ in range(LIMIT // 1000 + 2):
            yield b"y" * 1000
        yield b'"}'

    streamed = httpx.post(f"{base}/v1/chat", content=chunks(), headers={**headers, "Content-Type": "application/json"})
    assert "content-length" not in streamed.request.headers
    assert_problem(streamed, 413)
    small = httpx.post(f"{base}/v1/chat", json={"message": "Which accounts do I have?"}, headers=headers)
    assert small.status_code == 200


def test_validation_and_routing_errors_are_problem_documents(service: Tillage, base: str) -> None:
    headers = bearer(service, "rep1@t.example")
    empty = assert_problem(httpx.post(f"{base}/v1/chat", json={"message": ""}, headers=headers), 422)
    assert empty["errors"][0]["field"] == "body.message"
    blank = assert_problem(httpx.post(f"{base}/v1/chat", json={"message": "   "}, headers=headers), 422)
    assert "empty" in blank["detail"]
    bad_thread = httpx.post(f"{base}/v1/chat", json={"message": "hi", "thread": "a b"}, headers=headers)
    assert assert_problem(bad_thread, 422)["errors"][0]["field"] == "body.thread"
    assert_problem(httpx.get(f"{base}/v1/nothing", headers=headers), 404)
    assert_problem(httpx.delete(f"{base}/v1/accounts", headers=headers), 405)
    bad_date = httpx.get(f"{base}/v1/accounts/A-001/scores", params={"as_of": "June"}, headers=headers)
    assert assert_problem(bad_date, 422)["errors"][0]["field"] == "query.as_of"


def test_documents_refuse_other_media_types(service: Tillage, base: str) -> None:
    headers = {**bearer(service, "rep1@t.example"), "Content-Type": "application/pdf"}
    assert_problem(httpx.post(f"{base}/v1/documents", content=b"%PDF-1.4", headers=headers), 415)


def test_health_and_readiness(service: Tillage, base: str) -> None:
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{base}/readyz")
    assert ready.status_code == 200
    checks = ready.json()["checks"]
    assert checks["database"]["ok"] and checks["index"]["ok"]
    assert "collection" in checks["index"]["detail"]


def test_readiness_fails_when_the_database_is_unreachable(tmp_path: Path) -> None:
    # Nothing listens on port 9 of the loopback interface.
    settings = load_settings(database_url="postgresql://nobody@127.0.0.1:9/none")
    broken = Tillage(settings)
    with serve(create_app(broken)) as url:
        ready = httpx.get(f"{url}/readyz")
        assert httpx.get(f"{url}/healthz").status_code == 200
    assert ready.status_code == 503
    body = ready.json()
    assert body["ready"] is False and body["checks"]["database"]["ok"] is False
    assert "nobody" not in ready.text  # no connection details leak
    broken.close()


def test_a_refusing_model_endpoint_is_a_502_problem_or_an_error_event(tmp_path: Path) -> None:
    with openai_stub(error(401), error(401)) as stub:
        settings = load_settings(
            database_url=f"sqlite:///{tmp_path / 'crm.sqlite3'}",
            llm="openai",
            openai_api_key="sk-test",
            openai_base_url=stub.base_url,
            model="scripted-model",
        )
        service = Tillage(settings)
        build_world(service)
        headers = bearer(service, "rep1@t.example")
        with serve(create_app(service)) as url:
            refused = httpx.post(f"{url}/v1/chat", json={"message": "list my accounts"}, headers=headers)
            streamed = httpx.post(f"{url}/v1/chat", json={"message": "list my accounts"},
                                  headers={**headers, "Accept": "text/event-stream"})  # fmt: skip
        service.close()
    problem = assert_problem(refused, 502)
    assert "HTTP 401" in problem["detail"] and "sk-test" not in refused.text
    assert streamed.status_code == 200
    ((name, data),) = sse_events(streamed.text)
    assert name == "error" and data["status"] == 502 and "HTTP 401" in data["detail"]
