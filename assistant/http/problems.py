"""Every error as an RFC 9457 problem document (``application/problem+json``).

Handlers turn validation errors, HTTP errors, service errors and anything unexpected into
``{type, title, status, detail}``. A record that does not exist and one the caller may not see
give byte-identical 404 bodies, so the API never confirms that someone else's account exists.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.service.public import AgentError, AmbiguousError, NotFoundError, UnknownUserError

log = logging.getLogger(__name__)
PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://tillage.dev/problems/"
BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="tillage"'}


class FieldError(BaseModel):
    """One invalid part of a request."""

    field: str = Field(description="Where: body.message, path.account_id, query.as_of, header...")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(description="A URI naming the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request, for a person to read.")
    errors: list[FieldError] | None = Field(default=None, description="Invalid fields (422 only).")


class ProblemError(Exception):
    """Raised by routes to answer with a problem document."""

    def __init__(
        self, status: int, detail: str, *, kind: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.headers = headers


def _slug(status: int) -> str:
    return HTTPStatus(status).phrase.lower().replace(" ", "-")


def problem(
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    headers: dict[str, str] | None = None,
    errors: list[FieldError] | None = None,
) -> JSONResponse:
    """A problem response; ``kind`` names the type URI (default: from the status)."""
    body = Problem(
        type=PROBLEM_BASE + (kind or _slug(status)),
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def not_found(kind: str) -> JSONResponse:
    """The one 404 for a record that is missing or not visible (the reference is left out on purpose)."""
    return problem(404, f"no {kind} with that id is visible to you", kind="not-found")


async def _validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError(field=".".join(str(p) for p in err.get("loc", ())), message=str(err.get("msg", "invalid")))
        for err in exc.errors()
    ]
    names = ", ".join(e.field for e in errors) or "request"
    return problem(422, f"invalid request: {names}", kind="invalid-request", errors=errors)


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404:
        detail = "no such endpoint"
    elif exc.status_code == 405:
        detail = "this method is not allowed on this endpoint"
    return problem(exc.status_code, detail, headers=dict(exc.headers or {}))


async def _problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem(exc.status, exc.detail, kind=exc.kind, headers=exc.headers)


async def _not_found(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotFoundError)
    return not_found(exc.kind)


async def _ambiguous(_request: Request, exc: Exception) -> JSONResponse:
    return problem(409, str(exc), kind="ambiguous")


async def _unknown_user(_request: Request, _exc: Exception) -> JSONResponse:
    # The key was valid but its user is gone: as good as no key.
    return problem(401, "the API key's user no longer exists", kind="unauthorized", headers=BEARER_CHALLENGE)


async def _agent(_request: Request, exc: Exception) -> JSONResponse:
    # The model endpoint refused or the turn ran away; the message is written to be shown.
    return problem(502, str(exc), kind="model-error")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s: %s", request.method, request.url.path, type(exc).__name__, exc_info=exc)
    return problem(500, "internal error; the server log has the details", kind="internal-error")


def install(app: FastAPI) -> None:
    """Register the problem handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(ProblemError, _problem)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(AmbiguousError, _ambiguous)
    app.add_exception_handler(UnknownUserError, _unknown_user)
    app.add_exception_handler(AgentError, _agent)
    app.add_exception_handler(Exception, _unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer."""
    described = {
        400: "The request body could not be read.",
        401: "Missing, invalid or revoked API key (see WWW-Authenticate).",
        404: "No such record visible to the caller (missing and forbidden look the same).",
        406: "None of the accepted media types can be produced.",
        409: "The reference matches several records.",
        413: "The request body is larger than the configured limit.",
        415: "The request body's media type is not accepted here.",
        422: "A field of the request is invalid.",
        500: "Unexpected server error.",
        501: "This feature is not available in this version of the service.",
        502: "The language model endpoint could not answer this question.",
        503: "A dependency (database or index) is unreachable.",
    }
    return {s: {"model": Problem, "description": described[s]} for s in statuses}
