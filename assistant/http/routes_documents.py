"""``POST /v1/documents``: ingest one meeting note (Markdown) or e-mail (RFC 822).

The body is either the document itself (``Content-Type: text/markdown`` or ``message/rfc822``)
or a ``multipart/form-data`` upload with one ``file`` part. The multipart body is parsed with the
standard library's MIME parser: the size limit has already bounded it.
"""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from assistant.http.auth import CallerDep, ServiceDep
from assistant.http.optional import as_json, method
from assistant.http.problems import ProblemError, responses
from assistant.http.schemas import DocumentAccepted

router = APIRouter(prefix="/v1", tags=["documents"])
KINDS = {"text/markdown": ".md", "message/rfc822": ".eml"}
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")

_BODY_DOC: dict[str, Any] = {
    "required": True,
    "content": {
        "text/markdown": {"schema": {"type": "string"}, "example": "---\naccount: ACC-001\n---\nMet the CIO..."},
        "message/rfc822": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary", "description": "A .md or .eml file."}},
            }
        },
    },
}


def _safe_name(name: str | None, default: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _SAFE.sub("_", base).strip("._")
    return base[:100] or default


def _from_multipart(content_type: str, body: bytes) -> tuple[str, bytes]:
    message = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1") + body
    )
    if not message.is_multipart():
        raise ProblemError(400, "the multipart body could not be read", kind="bad-request")
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") != "file":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            break
        name = part.get_filename()
        kind = part.get_content_type()
        suffix = KINDS.get(kind) or (".eml" if (name or "").lower().endswith(".eml") else ".md")
        return _safe_name(name, "upload" + suffix), payload
    raise ProblemError(422, "file: a multipart upload needs one part named 'file'", kind="invalid-request")


@router.post(
    "/documents",
    status_code=201,
    response_model=DocumentAccepted,
    summary="Ingest a meeting note or e-mail",
    openapi_extra={"requestBody": _BODY_DOC},
    responses=responses(400, 401, 404, 413, 415, 422, 501),
)
async def ingest(request: Request, caller: CallerDep, service: ServiceDep) -> DocumentAccepted:
    """Parse, link to its account (which the caller must be able to see) and index one document."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    body = await request.body()
    if media == "multipart/form-data":
        filename, content = _from_multipart(content_type, body)
    elif media in KINDS:
        filename, content = "upload" + KINDS[media], body
    else:
        raise ProblemError(
            415,
            "send text/markdown, message/rfc822 or multipart/form-data with a 'file' part",
            kind="unsupported-media",
        )
    ingest_document = method(service, "ingest_document", "document ingestion")
    if not content.strip():
        raise ProblemError(422, "file: the document is empty", kind="invalid-request")
    try:
        result = await run_in_threadpool(lambda: ingest_document(content, filename=filename, user_email=caller.email))
    except ValueError as exc:
        raise ProblemError(422, str(exc), kind="invalid-request") from exc
    return DocumentAccepted(filename=filename, result=as_json(result))
