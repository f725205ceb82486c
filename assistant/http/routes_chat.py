"""``POST /v1/chat``: one question, answered as JSON or streamed as Server-Sent Events."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from assistant.http.auth import CallerDep, ServiceDep
from assistant.http.problems import ProblemError, responses
from assistant.http.sse import chat_events
from assistant.service.chat import MAX_QUESTION_CHARS
from assistant.service.public import ChatEvent, Reply

router = APIRouter(prefix="/v1", tags=["chat"])
EVENT_STREAM = "text/event-stream"


class ChatRequest(BaseModel):
    """A question to the assistant, optionally continuing a thread."""

    message: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="The question (English or Chinese).")
    thread: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="A thread id from an earlier reply, to continue that conversation.",
    )


_STREAM_DOC: dict[str, Any] = {
    EVENT_STREAM: {
        "schema": {"type": "string"},
        "example": (
            'event: tool\ndata: {"name":"account_overview","args":{"account":"A-001"}}\n\n'
            'event: tool_result\ndata: {"name":"account_overview","ok":true,'
            '"citations":[{"kind":"account","id":"A-001"}]}\n\n'
            'event: token\ndata: {"text":"ACME is "}\n\nevent: done\ndata: {"answer":"ACME is ...","thread":"..."}\n\n'
        ),
    }
}


@router.post(
    "/chat",
    response_model=Reply,
    summary="Ask the assistant",
    description=(
        "Answers a question about the caller's accounts. With `Accept: text/event-stream` the answer is "
        "streamed as Server-Sent Events while it is written: `tool` (the assistant runs a tool: `{name, args}`), "
        "`tool_result` (the tool returned: `{name, ok, citations}`), `token` (a piece of the answer: `{text}`), "
        "`reset` (discard the answer text received so far, e.g. when the language model failed part-way and the "
        "offline assistant answers instead: `{reason}`), then `done` (the whole reply, as the JSON answer) or "
        "`error` (a problem document). The `token` texts after the last `reset` make up the reply's answer."
    ),
    responses={200: {"content": _STREAM_DOC}, **responses(401, 413, 422, 500, 502)},
)
def chat(body: ChatRequest, request: Request, caller: CallerDep, service: ServiceDep) -> Any:
    """Ask; the reply carries the thread id to continue the conversation."""
    message = body.message.strip()
    if not message:
        raise ProblemError(422, "message: the question is empty", kind="invalid-request")

    if EVENT_STREAM in request.headers.get("accept", ""):

        def start() -> Iterator[ChatEvent]:
            return service.ask_stream(message, user_email=caller.email, thread=body.thread)

        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(chat_events(start), media_type=EVENT_STREAM, headers=headers)
    try:
        return service.ask(message, user_email=caller.email, thread=body.thread)
    except ValueError as exc:
        raise ProblemError(422, str(exc), kind="invalid-request") from exc
