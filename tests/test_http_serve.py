"""``tillage serve`` in a real process: the API answers, and Slack is mounted when configured."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from channels_support import BOT_TOKEN, SIGNING_SECRET, fake_slack


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_tillage_serve_serves_the_api_and_the_slack_endpoint() -> None:
    port = _free_port()
    with fake_slack() as slack:
        env = {**os.environ, "TILLAGE_SLACK_BOT_TOKEN": BOT_TOKEN, "TILLAGE_SLACK_SIGNING_SECRET": SIGNING_SECRET,
               "TILLAGE_SLACK_API_URL": slack.base_url}  # fmt: skip
        command = [sys.executable, "-m", "assistant.cli.app", "serve", "--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    health = httpx.get(f"http://127.0.0.1:{port}/healthz")
                    break
                except httpx.TransportError:
                    assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
                    assert time.monotonic() < deadline, "tillage serve did not start"
                    time.sleep(0.2)
            assert health.json() == {"status": "ok"}
            paths = httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()["paths"]
            assert "/slack/events" in paths and "/v1/chat" in paths
            unsigned = httpx.post(f"http://127.0.0.1:{port}/slack/events", json={"type": "url_verification"})
            assert unsigned.status_code == 401
            (check,) = slack.named("auth.test")
            assert check.token == BOT_TOKEN
        finally:
            process.terminate()
            process.wait(timeout=20)
