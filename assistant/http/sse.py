"""Server-Sent Events framing and the live event stream of one chat turn.

Events, sent as they happen: ``tool`` (the model asked for a tool: ``{name, args}``),
``tool_result`` (it returned: ``{name, ok, citations}``), ``token`` (a piece of the answer:
``{text}``), ``reset`` (discard the answer text received so far: ``{reason}``), then ``done`` (the
whole reply, as the JSON answer) or ``error`` (a problem document) instead of ``done``. While
nothing happens a comment line keeps proxies from closing the stream.

The turn runs in a worker thread (the agent is synchronous); events cross to the event loop
through a queue. A client that goes away does not stop the turn: it still completes, so its
thread stays consistent and it is audited; its events are dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from starlette.concurrency import run_in_threadpool

from assistant.service.public import AgentError, ChatEvent, DoneEvent, UnknownUserError

log = logging.getLogger(__name__)
KEEPALIVE_SECONDS = 10.0
_turns: set[asyncio.Future[None]] = set()  # worker turns still running, referenced until they end


class _End:
    """The worker's last item: the turn ended (``error`` set if it failed)."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


def frame(event: str, data: Any) -> bytes:
    """One SSE event: ``event:`` line, one ``data:`` line per line of JSON, blank line."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    lines = "".join(f"data: {line}\n" for line in payload.split("\n"))
    return f"event: {event}\n{lines}\n".encode()


def _problem(status: int, title: str, detail: str, kind: str) -> dict[str, Any]:
    return {"type": f"https://tillage.dev/problems/{kind}", "title": title, "status": status, "detail": detail}


def error_frame(exc: BaseException) -> bytes:
    """The ``error`` event for a turn that failed."""
    if isinstance(exc, ValueError):
        return frame("error", _problem(422, "Unprocessable Content", str(exc), "invalid-request"))
    if isinstance(exc, AgentError):
        return frame("error", _problem(502, "Bad Gateway", str(exc), "model-error"))
    if isinstance(exc, UnknownUserError):
        return frame("error", _problem(401, "Unauthorized", "the API key's user no longer exists", "unauthorized"))
    log.error("chat stream failed: %s", type(exc).__name__, exc_info=exc)
    return frame("error", _problem(500, "Internal Server Error", "internal error", "internal-error"))


def event_frame(event: ChatEvent) -> bytes:
    """The SSE event for a chat event (``done`` carries the reply itself)."""
    data = event.reply if isinstance(event, DoneEvent) else event
    return frame(event.event, data.model_dump(mode="json"))


async def chat_events(start: Callable[[], Iterator[ChatEvent]]) -> AsyncIterator[bytes]:
    """Run ``start()`` and its events in a worker thread; stream each event as it comes."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[ChatEvent | _End] = asyncio.Queue()
    listening = threading.Event()
    listening.set()

    def post(item: ChatEvent | _End) -> None:
        if listening.is_set():
            with contextlib.suppress(RuntimeError):  # the event loop is already closed
                loop.call_soon_threadsafe(queue.put_nowait, item)

    def work() -> None:
        try:
            for event in start():
                post(event)
        except Exception as exc:
            post(_End(exc))
        else:
            post(_End())

    turn = asyncio.ensure_future(run_in_threadpool(work))
    _turns.add(turn)
    turn.add_done_callback(_turns.discard)
    try:
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield b": keep-alive\n\n"
                continue
            if isinstance(item, _End):
                if item.error is not None:
                    yield error_frame(item.error)
                return
            yield event_frame(item)
    finally:
        listening.clear()
