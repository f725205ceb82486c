"""Server-Sent Events framing and the event stream of one chat turn.

Events: ``tool`` (one per tool the agent ran, with its arguments), ``token`` (the answer in
chunks), ``done`` (the whole reply with usage), or ``error`` (a problem document) instead of
``done``. While the turn is being computed a comment line keeps proxies from closing the stream.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool

from assistant.service.public import AgentError, Reply, UnknownUserError

log = logging.getLogger(__name__)
KEEPALIVE_SECONDS = 10.0
_CHUNK = re.compile(r"\S+\s*|\s+")
CHUNK_CHARS = 48


def frame(event: str, data: Any) -> bytes:
    """One SSE event: ``event:`` line, one ``data:`` line per line of JSON, blank line."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    lines = "".join(f"data: {line}\n" for line in payload.split("\n"))
    return f"event: {event}\n{lines}\n".encode()


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """The answer cut at word boundaries into pieces of about ``size`` characters (CJK text by length)."""
    out: list[str] = []
    current = ""
    for piece in _CHUNK.findall(text):
        while len(piece) > size:
            if current:
                out.append(current)
                current = ""
            out.append(piece[:size])
            piece = piece[size:]
        if len(current) + len(piece) > size and current:
            out.append(current)
            current = ""
        current += piece
    if current:
        out.append(current)
    return out


def _problem(status: int, title: str, detail: str, kind: str) -> dict[str, Any]:
    return {"type": f"https://tillage.dev/problems/{kind}", "title": title, "status": status, "detail": detail}


async def reply_events(compute: Callable[[], Reply]) -> AsyncIterator[bytes]:
    """Run ``compute`` in a worker thread and stream its reply as SSE events."""
    task = asyncio.ensure_future(run_in_threadpool(compute))
    while True:
        done, _ = await asyncio.wait({task}, timeout=KEEPALIVE_SECONDS)
        if done:
            break
        yield b": keep-alive\n\n"
    try:
        reply = task.result()
    except ValueError as exc:
        yield frame("error", _problem(422, "Unprocessable Content", str(exc), "invalid-request"))
        return
    except AgentError as exc:
        yield frame("error", _problem(502, "Bad Gateway", str(exc), "model-error"))
        return
    except UnknownUserError:
        yield frame("error", _problem(401, "Unauthorized", "the API key's user no longer exists", "unauthorized"))
        return
    except Exception as exc:
        log.error("chat stream failed: %s", type(exc).__name__, exc_info=exc)
        yield frame("error", _problem(500, "Internal Server Error", "internal error", "internal-error"))
        return
    for call in reply.tool_calls:
        yield frame("tool", call.model_dump(mode="json"))
    for piece in chunks(reply.answer):
        yield frame("token", {"text": piece})
    yield frame("done", reply.model_dump(mode="json"))
