"""Socket Mode (``tillage slack``): Tillage connects out to Slack, no public request URL needed."""

from __future__ import annotations

from typing import Any

from slack_bolt.adapter.socket_mode import SocketModeHandler

from assistant.service import Tillage
from assistant.slack.app import SlackConfigError, build_app


def run_socket_mode(service: Tillage) -> None:
    """Connect with the app-level token and serve until interrupted."""
    token = service.settings.slack_app_token
    if token is None:
        raise SlackConfigError("TILLAGE_SLACK_APP_TOKEN is not set (an xapp- token with connections:write)")
    app = build_app(service, socket_mode=True)
    handler: Any = SocketModeHandler(app, token.get_secret_value())  # start() is untyped in slack_bolt
    handler.start()
