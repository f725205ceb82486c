"""``POST /slack/events``: Slack's Events API, slash command and interactivity requests over HTTP.

Authentication is Slack's request signature, not an API key. Bolt's dispatch is synchronous
(signature check, middleware, acknowledgement); it runs on a worker thread so the event loop keeps
serving other requests.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

EVENTS_PATH = "/slack/events"


def slack_router(app: App) -> APIRouter:
    """A router with the one Slack endpoint, dispatching to ``app``."""
    router = APIRouter(tags=["slack"])

    @router.post(
        EVENTS_PATH,
        summary="Slack events, commands and interactions",
        description="Called by Slack only: requests must carry a valid X-Slack-Signature less than 5 minutes old.",
        responses={200: {"description": "Acknowledged."}, 401: {"description": "Invalid or stale signature."}},
    )
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        bolt_response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    return router
