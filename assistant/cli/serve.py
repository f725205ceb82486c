"""``tillage serve`` (the HTTP API, and Slack over HTTP when configured) and ``tillage slack`` (Socket Mode).

The network adapters are loaded by module name when the command runs: the CLI does not depend on
them (they are sibling layers) and other commands start without importing the web stack.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from assistant.cli.output import fail
from assistant.settings import get_settings

SERVER = "assistant.server"


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the HTTP API (and POST /slack/events when the Slack bot token and signing secret are set)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        f"{SERVER}:create_app",
        factory=True,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        proxy_headers=False,
    )


def slack_command() -> None:
    """Run the Slack app over Socket Mode (needs TILLAGE_SLACK_BOT_TOKEN and TILLAGE_SLACK_APP_TOKEN)."""
    server = importlib.import_module(SERVER)
    try:
        server.run_slack_socket_mode()
    except RuntimeError as exc:  # SlackConfigError names the missing variable
        fail(str(exc))
    except KeyboardInterrupt:
        pass


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``slack``."""
    app.command("serve")(serve_command)
    app.command("slack")(slack_command)
