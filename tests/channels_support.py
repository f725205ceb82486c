"""Test support for the HTTP and Slack channels: a small world, a real uvicorn server on loopback,
a fake Slack Web API on loopback that records calls, and Slack request signing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from fastapi import FastAPI

from assistant.crm.models import Account, Opportunity, User
from assistant.service import Tillage

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"


def build_world(service: Tillage) -> None:
    """Admin, a manager with two reps (both linked to Slack), and one account per rep."""
    with service.session() as session:
        session.add_all(
            [
                User(id="U-ADM", email="admin@t.example", name="Ada Admin", role="admin", slack_user_id="SADM"),
                User(id="U-MGR", email="mgr@t.example", name="Mia Manager", role="manager"),
            ]
        )
        session.flush()
        session.add_all(
            [
                User(id="U-R1", email="rep1@t.example", name="Rita Rep", role="rep", manager_id="U-MGR",
                     slack_user_id="SREP1"),
                User(id="U-R2", email="rep2@t.example", name="Rob Rep", role="rep", manager_id="U-MGR",
                     slack_user_id="SREP2"),
            ]
        )  # fmt: skip
        session.flush()
        session.add_all(
            [
                Account(id="A-001", name="Acme Manufacturing", aliases=["Acme", "阿克米"], owner_id="U-R1", tier="A",
                        status="active", industry="manufacturing", region="East"),
                Account(id="A-002", name="长城精密机械", owner_id="U-R1", tier="B", status="high_risk"),
                Account(id="A-003", name="Beta Logistics", owner_id="U-R2", tier="C", status="active"),
            ]
        )  # fmt: skip
        session.flush()
        session.add_all(
            [
                Opportunity(id="O-1", account_id="A-001", name="Line 3 automation", amount=1_200_000,
                            currency="CNY", owner_id="U-R1", status="open"),
                Opportunity(id="O-2", account_id="A-001", name="Line 2 retrofit", amount=800_000, currency="CNY",
                            owner_id="U-R1", status="won"),
            ]
        )  # fmt: skip


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run ``app`` under a real uvicorn server on a free loopback port; yield its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Call:
    """One request the fake Slack received."""

    path: str
    token: str | None
    payload: dict[str, Any]


@dataclass
class FakeSlack:
    """Records Web API calls and answers ok:true. ``hold_post`` makes chat.postMessage wait for ``release``."""

    base_url: str = ""
    calls: list[Call] = field(default_factory=list)
    hold_post: bool = False
    release: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    _counter: int = 0

    def named(self, method: str) -> list[Call]:
        """The calls of one Web API method (or response_url path), in order."""
        with self.arrived:
            return [c for c in self.calls if c.path.rsplit("/", 1)[-1] == method or c.path == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` arrived."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len([c for c in self.calls if c.path.rsplit("/", 1)[-1] == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {count} x {method}; got {[c.path for c in self.calls]}")
                self.arrived.wait(left)
        return self.named(method)

    def answer(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The JSON answer of a Web API method."""
        self._counter += 1
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "tillage"}
        if method == "chat.postMessage":
            return {"ok": True, "channel": payload.get("channel"), "ts": f"2000.{self._counter:06d}"}
        if method in {"views.open", "views.update"}:
            return {"ok": True, "view": {"id": "V-1", **(payload.get("view") or {})}}
        return {"ok": True}


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    """A fake Slack Web API (and response_url endpoint) on a loopback port."""
    fake = FakeSlack()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            kind = self.headers.get("Content-Type", "")
            if "json" in kind:
                payload = json.loads(raw or b"{}")
            else:
                payload = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            for key in ("blocks", "view"):
                if isinstance(payload.get(key), str):
                    payload[key] = json.loads(payload[key])
            auth = self.headers.get("Authorization")
            token = auth.removeprefix("Bearer ") if auth else payload.get("token")
            method = self.path.rsplit("/", 1)[-1]
            if method == "chat.postMessage" and fake.hold_post:
                with fake.arrived:
                    fake.calls.append(Call(self.path + "#held", token, payload))
                    fake.arrived.notify_all()
                fake.release.wait(30)
            with fake.arrived:
                fake.calls.append(Call(self.path, token, payload))
                fake.arrived.notify_all()
                body = json.dumps(fake.answer(method, payload)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()


def signed_headers(body: bytes, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature headers for ``body``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + stamp.encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


def bearer(service: Tillage, email: str) -> dict[str, str]:
    """An Authorization header with a new API key of the user ``email``."""
    return {"Authorization": f"Bearer {service.create_api_key(user_email=email).token}"}
