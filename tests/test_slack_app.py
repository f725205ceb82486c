"""The Slack app mounted on the real HTTP server, against a fake Slack Web API on loopback.

Requests are signed like Slack signs them (v0 HMAC-SHA256 of ``v0:timestamp:body``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from channels_support import BOT_TOKEN, SIGNING_SECRET, FakeSlack, build_world, fake_slack, serve, signed_headers
from sqlalchemy import func, select
from typer.testing import CliRunner

from assistant.cli.app import app as cli
from assistant.crm.models import AuditEntry
from assistant.server import create_app
from assistant.service import Tillage
from assistant.settings import load_settings
from assistant.slack.app import SlackConfigError, build_app


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


@pytest.fixture
def service(tmp_path: Path, slack: FakeSlack) -> Iterator[Tillage]:
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 'crm.sqlite3'}",
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.base_url,
    )
    service = Tillage(settings)
    build_world(service)
    yield service
    service.close()


@pytest.fixture
def base(service: Tillage) -> Iterator[str]:
    with serve(create_app(service)) as url:
        yield url


def post_event(base: str, event: dict[str, Any], *, event_id: str, retry: int | None = None) -> httpx.Response:
    payload = {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback", "event_id": event_id,
               "event_time": int(time.time()), "event": event}  # fmt: skip
    body = json.dumps(payload).encode()
    headers = {**signed_headers(body), "Content-Type": "application/json"}
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return httpx.post(f"{base}/slack/events", content=body, headers=headers)


def post_form(base: str, form: dict[str, str]) -> httpx.Response:
    body = urlencode(form).encode()
    headers = {**signed_headers(body), "Content-Type": "application/x-www-form-urlencoded"}
    return httpx.post(f"{base}/slack/events", content=body, headers=headers)


def mention(user: str, text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": "C-SALES", **extra}


def audits(service: Tillage) -> int:
    with service.session() as session:
        return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def test_the_bot_token_is_verified_against_the_configured_api(slack: FakeSlack, base: str) -> None:
    (call,) = slack.named("auth.test")
    assert call.token == BOT_TOKEN
    assert call.path == "/api/auth.test"


def test_a_mention_is_answered_in_its_thread_with_block_kit(slack: FakeSlack, base: str) -> None:
    response = post_event(
        base, mention("SREP1", "<@UBOT> Which accounts do I have?", "1700000000.000100"), event_id="Ev1"
    )
    assert response.status_code == 200
    (update,) = slack.wait_for("chat.update")
    (placeholder,) = slack.named("chat.postMessage")
    assert placeholder.payload["thread_ts"] == "1700000000.000100"
    assert placeholder.payload["channel"] == "C-SALES" and placeholder.token == BOT_TOKEN
    assert update.payload["channel"] == "C-SALES" and update.payload["ts"] == "2000.000002"
    blocks = update.payload["blocks"]
    assert blocks[0]["type"] == "section" and "A-001" in blocks[0]["text"]["text"]
    assert "A-003" not in json.dumps(blocks)  # rep2's account
    context = blocks[-1]
    assert context["type"] == "context"
    assert context["elements"][0]["text"].startswith("Sources: account `A-001`")
    assert "A-001" in update.payload["text"]  # plain-text fallback


def test_a_direct_message_is_answered_in_its_thread(slack: FakeSlack, base: str) -> None:
    event = {"type": "message", "channel_type": "im", "channel": "D-1", "user": "SREP2", "text": "我的客户有哪些?",
             "ts": "1700000001.000200", "thread_ts": "1700000000.000001"}  # fmt: skip
    assert post_event(base, event, event_id="Ev2").status_code == 200
    (update,) = slack.wait_for("chat.update")
    (placeholder,) = slack.named("chat.postMessage")
    assert placeholder.payload["thread_ts"] == "1700000000.000001" and placeholder.payload["channel"] == "D-1"
    assert "A-003" in json.dumps(update.payload["blocks"], ensure_ascii=False)


def test_an_unknown_slack_user_gets_a_polite_refusal_and_nothing_else(
    slack: FakeSlack, base: str, service: Tillage
) -> None:
    assert (
        post_event(base, mention("SSTRANGER", "<@UBOT> list all accounts", "1700000002.1"), event_id="Ev3").status_code
        == 200
    )
    (refusal,) = slack.wait_for("chat.postMessage")
    assert "Sorry" in refusal.payload["text"] and refusal.payload["thread_ts"] == "1700000002.1"
    assert "blocks" not in refusal.payload
    # The sentinel event of a known user is answered after; the stranger got no answer, no audit entry.
    assert (
        post_event(
            base, mention("SREP1", "<@UBOT> Which accounts do I have?", "1700000003.1"), event_id="Ev4"
        ).status_code
        == 200
    )
    slack.wait_for("chat.update")
    assert len(slack.named("chat.postMessage")) == 2 and audits(service) == 1


def test_a_forged_signature_is_refused(slack: FakeSlack, base: str) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "Ev5", "event": mention("SREP1", "hi", "1.1")}).encode()
    headers = {**signed_headers(body, secret="not-the-secret"), "Content-Type": "application/json"}
    assert httpx.post(f"{base}/slack/events", content=body, headers=headers).status_code == 401
    unsigned = httpx.post(f"{base}/slack/events", content=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401


def test_a_replay_older_than_five_minutes_is_refused(slack: FakeSlack, base: str, service: Tillage) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "Ev6", "event": mention("SREP1", "hi", "1.1")}).encode()
    stale = {**signed_headers(body, timestamp=int(time.time()) - 6 * 60), "Content-Type": "application/json"}
    assert httpx.post(f"{base}/slack/events", content=body, headers=stale).status_code == 401
    assert service.claim_slack_event("Ev6")  # never taken in


def test_a_retried_delivery_is_answered_once(slack: FakeSlack, base: str, service: Tillage) -> None:
    event = mention("SREP1", "<@UBOT> Which accounts do I have?", "1700000004.1")
    assert post_event(base, event, event_id="Ev7").status_code == 200
    slack.wait_for("chat.update")
    retry = post_event(base, event, event_id="Ev7", retry=1)
    assert retry.status_code == 200
    sentinel = mention("SREP1", "<@UBOT> Which accounts do I have?", "1700000005.1")
    assert post_event(base, sentinel, event_id="Ev8").status_code == 200
    slack.wait_for("chat.update", count=2)
    threads = [c.payload["thread_ts"] for c in slack.named("chat.postMessage")]
    assert sorted(threads) == ["1700000004.1", "1700000005.1"]
    assert audits(service) == 2
    assert not service.claim_slack_event("Ev7")


def test_the_acknowledgement_does_not_wait_for_the_answer(slack: FakeSlack, base: str) -> None:
    slack.hold_post = True  # the fake Slack holds chat.postMessage until released
    response = post_event(base, mention("SREP1", "<@UBOT> Which accounts do I have?", "1700000006.1"), event_id="Ev9")
    assert response.status_code == 200
    held = [c for c in slack.calls if c.path.endswith("#held")]
    assert slack.named("chat.update") == [] and slack.named("chat.postMessage") == []
    slack.release.set()
    (update,) = slack.wait_for("chat.update")
    assert "A-001" in update.payload["text"]
    assert len(held) <= 1  # the listener may or may not have reached Slack before the ack came back


def test_help_is_answered_in_the_acknowledgement(slack: FakeSlack, base: str) -> None:
    form = {"command": "/tillage", "text": "help", "user_id": "SREP1", "channel_id": "C-SALES",
            "response_url": slack.base_url + "respond/1", "trigger_id": "T-1", "team_id": "T1"}  # fmt: skip
    response = post_form(base, form)
    assert response.status_code == 200
    body = response.json()
    assert "/tillage brief <account>" in body["text"] and body["blocks"][0]["type"] == "section"
    unknown = post_form(base, {**form, "text": "sing"})
    assert unknown.json()["text"].startswith("Unknown command `sing`.")
    missing = post_form(base, {**form, "text": "brief"})
    assert "`brief` needs an account" in missing.json()["text"]
    stranger = post_form(base, {**form, "user_id": "SSTRANGER"})
    assert stranger.text.startswith("Sorry")  # a plain-text acknowledgement


def test_a_briefing_carries_the_three_buttons(slack: FakeSlack, base: str) -> None:
    form = {"command": "/tillage", "text": "brief A-001", "user_id": "SREP1", "channel_id": "C-SALES",
            "response_url": slack.base_url + "respond/2", "trigger_id": "T-2", "team_id": "T1"}  # fmt: skip
    ack = post_form(base, form)
    assert ack.status_code == 200 and ack.text.startswith("Working on `brief`")
    (reply,) = slack.wait_for("2")
    assert reply.payload["response_type"] == "ephemeral"
    actions = reply.payload["blocks"][-1]
    assert actions["type"] == "actions"
    assert [(e["action_id"], e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("tillage_draft", "Draft follow-up", "A-001"),
        ("tillage_risks", "Show risks", "A-001"),
        ("tillage_power_map", "Power map", "A-001"),
    ]
    assert reply.payload["blocks"][0]["type"] == "header"


def _button(slack: FakeSlack, action_id: str, account: str, user: str = "SREP1") -> dict[str, str]:
    payload = {"type": "block_actions", "user": {"id": user}, "trigger_id": "T-9", "team": {"id": "T1"},
               "api_app_id": "A1", "container": {"type": "message"}, "channel": {"id": "C-SALES"},
               "response_url": slack.base_url + "respond/9",
               "actions": [{"action_id": action_id, "block_id": "tillage_briefing_actions", "value": account,
                            "type": "button", "action_ts": "1.1"}]}  # fmt: skip
    return {"payload": json.dumps(payload)}


def test_the_power_map_button_runs_the_power_map(slack: FakeSlack, base: str) -> None:
    assert post_form(base, _button(slack, "tillage_power_map", "A-001")).status_code == 200
    (reply,) = slack.wait_for("9")
    assert reply.payload["blocks"][0]["text"]["text"] == "Power map: Acme Manufacturing"


def test_a_button_on_a_foreign_account_reveals_nothing(slack: FakeSlack, base: str) -> None:
    assert post_form(base, _button(slack, "tillage_risks", "A-003")).status_code == 200
    (reply,) = slack.wait_for("9")
    assert reply.payload["text"] == "no account matches 'A-003'"


def test_a_draft_opens_in_a_modal_and_is_saved_not_sent(slack: FakeSlack, base: str, service: Tillage) -> None:
    assert post_form(base, _button(slack, "tillage_draft", "A-001")).status_code == 200
    (opened,) = slack.wait_for("views.open")
    assert opened.payload["trigger_id"] == "T-9"
    (updated,) = slack.wait_for("views.update")
    view = updated.payload["view"]
    assert view["callback_id"] == "tillage_draft_modal" and view["submit"]["text"] == "Save draft"
    submission = {"type": "view_submission", "user": {"id": "SREP1"}, "team": {"id": "T1"}, "api_app_id": "A1",
                  "view": {"id": "V-1", "type": "modal", "callback_id": "tillage_draft_modal",
                           "private_metadata": view["private_metadata"],
                           "state": {"values": {"subject": {"value": {"type": "plain_text_input", "value": "Recap"}},
                                                "body": {"value": {"type": "plain_text_input",
                                                                   "value": "Dear Zhang, thanks."}}}}}}  # fmt: skip
    saved = post_form(base, {"payload": json.dumps(submission)})
    assert saved.status_code == 200 and saved.content in {b"", b"{}"}
    assert slack.named("chat.postMessage") == []  # nothing is sent anywhere
    stored = service.get_draft(view["private_metadata"], user_email="rep1@t.example")
    assert (stored.subject, stored.body, stored.status) == ("Recap", "Dear Zhang, thanks.", "draft")


def test_socket_mode_needs_the_app_token_and_http_mode_the_signing_secret(
    monkeypatch: pytest.MonkeyPatch, slack: FakeSlack, tmp_path: Path
) -> None:
    monkeypatch.setenv("TILLAGE_SLACK_BOT_TOKEN", BOT_TOKEN)
    result = CliRunner().invoke(cli, ["slack"])
    assert result.exit_code == 2 and "TILLAGE_SLACK_APP_TOKEN is not set" in result.stderr
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", slack_bot_token=BOT_TOKEN,
                             slack_api_url=slack.base_url)  # fmt: skip
    service = Tillage(settings)
    with pytest.raises(SlackConfigError, match="TILLAGE_SLACK_SIGNING_SECRET"):
        build_app(service)
    assert build_app(service, socket_mode=True).client.base_url == slack.base_url
    assert [c.token for c in slack.named("auth.test")] == [BOT_TOKEN]
    service.close()
