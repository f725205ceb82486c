"""The composition root of the network adapters: the HTTP API with, when configured, Slack.

``assistant.http`` and ``assistant.slack`` are independent of each other; this module puts them
together over one service. ``tillage serve`` loads it by name (uvicorn's factory), so the CLI
neither imports the web stack at start nor depends on the adapters.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from assistant.http.app import create_app as create_http_app
from assistant.service import Tillage
from assistant.settings import Settings
from assistant.slack.app import build_app, slack_configured
from assistant.slack.http import slack_router
from assistant.slack.socket import run_socket_mode

log = logging.getLogger(__name__)


def create_app(service: Tillage | None = None, *, settings: Settings | None = None) -> FastAPI:
    """The API; ``POST /slack/events`` too when the Slack bot token and signing secret are set."""
    owned = service is None
    the_service = service or Tillage(settings)
    routers = []
    if slack_configured(the_service.settings):
        routers.append(slack_router(build_app(the_service)))
        log.info("serving Slack events at /slack/events")
    return create_http_app(the_service, routers=routers, close_service=owned)


def run_slack_socket_mode(settings: Settings | None = None) -> None:
    """``tillage slack``: the Slack app over Socket Mode until interrupted."""
    service = Tillage(settings)
    try:
        run_socket_mode(service)
    finally:
        service.close()
