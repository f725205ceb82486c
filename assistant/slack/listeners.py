"""What Tillage does with Slack events, the ``/tillage`` command, buttons and the draft modal.

Every listener acknowledges at once (Slack wants an answer within three seconds) and does the
work in a lazy listener on a worker thread. The requesting user is the Tillage user linked to the
Slack user id of the payload, never someone named in the text; a Slack user with no linked user
gets a polite refusal and nothing else.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from slack_bolt import BoltResponse

from assistant.service import Tillage
from assistant.service.public import AgentError, ToolError, User
from assistant.slack import blocks
from assistant.slack.commands import Command, parse_command

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
THINKING = "Looking into it…"


def _today() -> date:
    return datetime.now(UTC).date()


class Listeners:
    """The Slack listeners over one service."""

    def __init__(self, service: Tillage) -> None:
        self.service = service

    # -- shared -----------------------------------------------------------------------------------
    def _user(self, slack_user_id: str | None) -> User | None:
        return self.service.slack_user(slack_user_id) if slack_user_id else None

    def dedupe(self, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """Global middleware: a retried delivery of an event already taken in is acknowledged, not run."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if isinstance(event_id, str) and event_id and not self.service.claim_slack_event(event_id):
            log.info("slack: event %s already taken in; acknowledged without running again", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    def ack(self, ack: Callable[..., None]) -> None:
        """Acknowledge; the lazy listener does the work."""
        ack()

    # -- mentions and direct messages -------------------------------------------------------------
    def on_mention(self, event: dict[str, Any], client: Any) -> None:
        """Answer an @-mention in the thread it was made in."""
        self._answer(event, client)

    def on_message(self, event: dict[str, Any], client: Any) -> None:
        """Answer a direct message (in its thread); other channels' messages and edits are ignored."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        self._answer(event, client)

    def _answer(self, event: dict[str, Any], client: Any) -> None:
        channel = str(event["channel"])
        thread_ts = str(event.get("thread_ts") or event["ts"])
        user = self._user(event.get("user"))
        if user is None:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=blocks.REFUSAL)
            return
        question = _MENTION.sub("", str(event.get("text") or "")).strip()
        if not question:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=blocks.HELP)
            return
        placeholder = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=THINKING)
        try:
            reply = self.service.ask(question, user_email=user.email, thread=f"slack:{channel}:{thread_ts}")
            text, answer = blocks.answer_message(reply)
        except (ValueError, ToolError, AgentError) as exc:  # messages written to be shown
            text, answer = str(exc), blocks.sections(blocks.escape(str(exc)))
        except Exception as exc:
            log.error("slack: answering failed: %s", type(exc).__name__, exc_info=exc)
            text = "Sorry, something went wrong while answering. Please try again."
            answer = blocks.sections(text)
        client.chat_update(channel=channel, ts=placeholder["ts"], text=text, blocks=answer)

    # -- /tillage ---------------------------------------------------------------------------------
    def ack_command(self, ack: Callable[..., None], command: dict[str, Any]) -> None:
        """Answer help, refusals and mistakes in the acknowledgement; announce the rest."""
        if self._user(command.get("user_id")) is None:
            ack(text=blocks.REFUSAL)
            return
        parsed = parse_command(str(command.get("text") or ""))
        if parsed.error or parsed.name == "help":
            text = f"{parsed.error}\n\n{blocks.HELP}" if parsed.error else blocks.HELP
            ack(text=text, blocks=blocks.sections(text))
            return
        ack(text=f"Working on `{parsed.name}` for {blocks.escape(parsed.account)}…")

    def run_command(self, command: dict[str, Any], client: Any, respond: Callable[..., Any]) -> None:
        """Brief, risk or draft, answered privately to the person who asked."""
        user = self._user(command.get("user_id"))
        parsed = parse_command(str(command.get("text") or ""))
        if user is None or parsed.error or parsed.name == "help":
            return
        self._run(parsed, user, client, respond, trigger_id=command.get("trigger_id"))

    def _run(self, parsed: Command, user: User, client: Any, respond: Callable[..., Any], trigger_id: Any) -> None:
        try:
            if parsed.name == "draft":
                self._draft(parsed.account, user, client, str(trigger_id))
                return
            text, message = self._report(parsed.name, parsed.account, user)
        except ToolError as exc:
            text, message = str(exc), blocks.sections(blocks.escape(str(exc)))
        except Exception as exc:
            log.error("slack: %s failed: %s", parsed.name, type(exc).__name__, exc_info=exc)
            text = f"Sorry, `{parsed.name}` failed. Please try again."
            message = blocks.sections(text)
        respond(text=text, blocks=message, response_type="ephemeral", replace_original=False)

    def _report(self, name: str, account: str, user: User) -> tuple[str, list[blocks.Block]]:
        if name == "brief":
            briefing = self.service.brief(account, user_email=user.email, as_of=_today())
            return blocks.briefing_message(briefing.account_id, briefing.account_name, briefing)
        if name == "risk":
            risk = self.service.score_risk(user_email=user.email, account=account, as_of=_today())
            return blocks.result_blocks(f"Risks: {risk.account_name}", risk)
        power = self.service.score_power_map(user_email=user.email, account=account, as_of=_today())
        return blocks.result_blocks(f"Power map: {power.account_name}", power)

    def _draft(self, account: str, user: User, client: Any, trigger_id: str) -> None:
        opened = client.views_open(trigger_id=trigger_id, view=blocks.loading_modal("Follow-up draft"))
        view_id = opened["view"]["id"]
        try:
            draft = self.service.draft(account, user_email=user.email)
            view = blocks.draft_modal(draft.id, draft.subject, draft.body)
        except ToolError as exc:
            view = blocks.notice_modal("Follow-up draft", str(exc))
        except Exception as exc:
            log.error("slack: draft failed: %s", type(exc).__name__, exc_info=exc)
            view = blocks.notice_modal("Follow-up draft", "Sorry, the draft could not be written.")
        client.views_update(view_id=view_id, view=view)

    # -- buttons ----------------------------------------------------------------------------------
    def on_button(self, body: dict[str, Any], action: dict[str, Any], client: Any, respond: Callable[..., Any]) -> None:
        """Run the service method behind a briefing button for the account it carries."""
        user = self._user((body.get("user") or {}).get("id"))
        if user is None:
            respond(text=blocks.REFUSAL, response_type="ephemeral", replace_original=False)
            return
        name = {blocks.ACTION_DRAFT: "draft", blocks.ACTION_RISKS: "risk", blocks.ACTION_POWER_MAP: "power_map"}
        command = Command(name=name[str(action["action_id"])], account=str(action.get("value") or ""))
        self._run(command, user, client, respond, trigger_id=body.get("trigger_id"))

    # -- the draft modal --------------------------------------------------------------------------
    def on_draft_saved(self, ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any]) -> None:
        """Save the edited draft (never send it); errors are shown in the modal."""
        user = self._user((body.get("user") or {}).get("id"))
        values = view.get("state", {}).get("values", {})
        subject = str(values.get("subject", {}).get("value", {}).get("value") or "").strip()
        text = str(values.get("body", {}).get("value", {}).get("value") or "").strip()
        if user is None:
            ack(response_action="errors", errors={"body": blocks.REFUSAL})
            return
        if not subject or not text:
            ack(response_action="errors", errors={"subject" if not subject else "body": "This cannot be empty."})
            return
        try:
            draft_id = str(view.get("private_metadata") or "")
            self.service.update_draft(draft_id, user_email=user.email, subject=subject, body=text)
        except (ToolError, ValueError) as exc:
            ack(response_action="errors", errors={"body": str(exc)[:150]})
            return
        ack()
