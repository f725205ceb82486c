"""The HTTP API application: ``create_app()`` builds FastAPI over one :class:`Tillage` service.

``tillage serve`` runs it under uvicorn. Routes call only the service; errors are RFC 9457
problem documents; bodies over ``settings.max_request_bytes`` get 413.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi

from assistant.http import problems, routes_accounts, routes_chat, routes_documents, routes_drafts, routes_health
from assistant.http.limits import BodySizeLimit
from assistant.service import Tillage
from assistant.settings import Settings

API_VERSION = "1.0.0"
DESCRIPTION = (
    "Tillage's HTTP API. Authenticate with `Authorization: Bearer <key>` (keys from "
    "`tillage keys create --user EMAIL`). Every error is an RFC 9457 problem document "
    "(`application/problem+json`). A record that does not exist and one the caller may not see "
    "answer the same 404."
)


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes, tags=app.openapi_tags
    )
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                # Error bodies are problem documents; FastAPI would label them application/json and
                # describe its own validation body, which our handler replaces.
                if status.isdigit() and int(status) >= 400 and status != "503" and "application/json" in content:
                    content.pop("application/json")
                    content[problems.PROBLEM_MEDIA_TYPE] = {"schema": problem_ref}
                    if status == "422":
                        response["description"] = "A field of the request is invalid."
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    app.openapi_schema = schema
    return schema


def create_app(
    service: Tillage | None = None,
    *,
    settings: Settings | None = None,
    routers: Sequence[APIRouter] = (),
    close_service: bool | None = None,
) -> FastAPI:
    """The API over ``service`` (one is made from ``settings`` when not given).

    ``routers`` are further routes to serve (the Slack events endpoint) and carry their own auth.
    The service is closed at shutdown when ``close_service`` (default: when it was made here).
    """
    owned = service is None if close_service is None else close_service
    the_service = service or Tillage(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            the_service.close()

    app = FastAPI(
        title="Tillage API",
        version=API_VERSION,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "chat", "description": "Questions to the assistant."},
            {"name": "accounts", "description": "Accounts, briefings and scores."},
            {"name": "drafts", "description": "Follow-up e-mail drafts (saved, never sent)."},
            {"name": "documents", "description": "Meeting notes and e-mails."},
            {"name": "health", "description": "Liveness and readiness probes."},
        ],
    )
    app.state.service = the_service
    problems.install(app)
    for module in (routes_chat, routes_accounts, routes_drafts, routes_documents, routes_health):
        app.include_router(module.router)
    for router in routers:
        app.include_router(router)
    app.add_middleware(BodySizeLimit, max_bytes=the_service.settings.max_request_bytes)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
