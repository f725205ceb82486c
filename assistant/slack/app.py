"""The Bolt app: ``build_app(service, settings)`` wires Tillage's listeners to a Slack workspace.

It runs either over HTTP (``POST /slack/events`` on ``tillage serve``; every request's v0
signature is verified and requests older than five minutes are refused, by Bolt's
``RequestVerification``) or over Socket Mode (``tillage slack``; no public URL needed).
``process_before_response`` makes each acknowledgement a direct answer to Slack's request, and
lazy listeners do the slow work on worker threads, so the acknowledgement never waits for it.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from assistant.service import Tillage
from assistant.settings import Settings
from assistant.slack import blocks
from assistant.slack.listeners import Listeners

log = logging.getLogger(__name__)


class SlackConfigError(RuntimeError):
    """A Slack setting is missing; the message names the environment variable."""


def web_client(settings: Settings) -> WebClient:
    """The Web API client with the bot token, at ``settings.slack_api_url``."""
    if settings.slack_bot_token is None:
        raise SlackConfigError("TILLAGE_SLACK_BOT_TOKEN is not set")
    return WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)


def build_app(service: Tillage, *, settings: Settings | None = None, socket_mode: bool = False) -> App:
    """A Bolt app over ``service``. HTTP mode needs the signing secret (signatures are always checked)."""
    settings = settings or service.settings
    secret = settings.slack_signing_secret
    if secret is None and not socket_mode:
        raise SlackConfigError("TILLAGE_SLACK_SIGNING_SECRET is not set (needed to verify Slack's requests)")
    app = App(
        client=web_client(settings),
        signing_secret=secret.get_secret_value() if secret is not None else "",
        request_verification_enabled=True,
        token_verification_enabled=True,
        process_before_response=True,
        logger=logging.getLogger("assistant.slack.bolt"),
    )
    listeners = Listeners(service)
    app.use(listeners.dedupe)
    app.event("app_mention")(ack=listeners.ack, lazy=[listeners.on_mention])
    app.event("message")(ack=listeners.ack, lazy=[listeners.on_message])
    app.command("/tillage")(ack=listeners.ack_command, lazy=[listeners.run_command])
    for action_id in (blocks.ACTION_DRAFT, blocks.ACTION_RISKS, blocks.ACTION_POWER_MAP):
        app.action(action_id)(ack=listeners.ack, lazy=[listeners.on_button])
    app.view(blocks.DRAFT_MODAL)(listeners.on_draft_saved)
    return app


def slack_configured(settings: Settings) -> bool:
    """Whether HTTP mode can run: bot token and signing secret both set."""
    return settings.slack_bot_token is not None and settings.slack_signing_secret is not None
