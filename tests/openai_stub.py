"""A scripted OpenAI-compatible Chat Completions server on 127.0.0.1 for the agent tests.

Each request pops the next step of the script: a JSON completion, an SSE stream, an HTTP error,
or a hang (to trigger the client's timeout). Requests are recorded for assertions. A stream can
be held part-way until the test releases it (``Step.hold``) or cut part-way (``Step.cut_at``).
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    """One scripted response."""

    kind: str  # "json", "sse", "error", "hang"
    body: Any = None
    status: int = 200
    seconds: float = 0.0
    hold: threading.Event | None = None  # sse: wait for this event before sending chunk ``hold_at``
    hold_at: int = 0
    cut_at: int | None = None  # sse: drop the connection instead of sending chunk ``cut_at``


def completion(
    content: str | None = None, tool_calls: Sequence[tuple[str, dict[str, Any]]] = (), usage: tuple[int, int] = (0, 0)
) -> Step:
    """A plain JSON chat.completion with text or tool calls."""
    calls = [
        {"id": f"call_{i}_{name}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
        for i, (name, args) in enumerate(tool_calls)
    ]
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if calls:
        message["tool_calls"] = calls
    body = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted-model",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    }
    return Step("json", body)


def _chunk(
    delta: dict[str, Any] | None, finish: str | None = None, usage: dict[str, int] | None = None
) -> dict[str, Any]:
    chunk: dict[str, Any] = {
        "id": "chatcmpl-2",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "scripted-model",
    }
    chunk["choices"] = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    if usage is not None:
        chunk["usage"] = usage
    return chunk


def stream(
    content: str | None = None, tool_calls: Sequence[tuple[str, dict[str, Any]]] = (), usage: tuple[int, int] = (0, 0)
) -> Step:
    """An SSE stream: text in pieces or tool-call arguments in pieces, then a usage chunk."""
    chunks = [_chunk({"role": "assistant", "content": "" if content is not None else None})]
    if content is not None:
        chunks += [_chunk({"content": content[i : i + 7]}) for i in range(0, len(content), 7)]
    for i, (name, args) in enumerate(tool_calls):
        text = json.dumps(args)
        start = {"index": i, "id": f"call_{i}_{name}", "type": "function", "function": {"name": name, "arguments": ""}}
        chunks.append(_chunk({"tool_calls": [start]}))
        chunks += [
            _chunk({"tool_calls": [{"index": i, "function": {"arguments": text[j : j + 5]}}]})
            for j in range(0, len(text), 5)
        ]
    chunks.append(_chunk({}, finish="tool_calls" if tool_calls else "stop"))
    chunks.append(
        _chunk(None, usage={"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)})
    )
    return Step("sse", chunks)


def error(status: int = 500) -> Step:
    """An HTTP error answer."""
    return Step("error", {"error": {"message": "scripted failure", "type": "server_error"}}, status=status)


def hang(seconds: float = 5.0) -> Step:
    """No answer for ``seconds`` (the client times out first)."""
    return Step("hang", seconds=seconds)


@dataclass
class StubServer:
    """The running stub: ``base_url``, the remaining ``script`` and the ``requests`` it received."""

    base_url: str
    script: deque[Step] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    hold_timeouts: int = 0  # held streams that were never released (the stub sent the rest anyway)


HOLD_SECONDS = 20.0


def _handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            stub.requests.append(json.loads(self.rfile.read(length) or b"{}"))
            step = stub.script.popleft() if stub.script else error(500)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                self._answer(step)

        def _answer(self, step: Step) -> None:
            if step.kind == "hang":
                stub.stop.wait(step.seconds)
                return
            if step.kind == "sse":
                frames = [f"data: {json.dumps(chunk)}\n\n".encode() for chunk in step.body] + [b"data: [DONE]\n\n"]
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                if step.cut_at is not None:  # the whole length announced: the client sees the cut as an error
                    self.send_header("Content-Length", str(sum(len(f) for f in frames)))
                self.end_headers()
                for index, data in enumerate(frames):
                    if step.hold is not None and index == step.hold_at and not step.hold.wait(HOLD_SECONDS):
                        stub.hold_timeouts += 1
                    if index == step.cut_at:
                        break
                    self.wfile.write(data)
                    self.wfile.flush()
                self.close_connection = True
                return
            payload = json.dumps(step.body).encode()
            self.send_response(step.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("retry-after-ms", "5")  # keep the client's retries fast
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def openai_stub(*steps: Step) -> Iterator[StubServer]:
    """Run the stub on 127.0.0.1 on a free port for the duration of the block."""
    stub = StubServer(base_url="", script=deque(steps))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stub.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
