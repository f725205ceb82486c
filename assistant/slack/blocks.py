"""Block Kit for Tillage's Slack replies: answers, briefings with buttons, scores, the draft modal.

Every message also carries plain ``text``: Slack shows it in notifications and to clients
without Block Kit. Slack limits a section's text to 3000 characters and a context block to ten
elements; longer content is split or cut here, never rejected by Slack.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from assistant.service.public import Reply

SECTION_LIMIT = 2900
FIELD_LIMIT = 1900
HEADER_LIMIT = 150
ACTION_DRAFT = "tillage_draft"
ACTION_RISKS = "tillage_risks"
ACTION_POWER_MAP = "tillage_power_map"
DRAFT_MODAL = "tillage_draft_modal"
HELP = (
    "*Tillage* answers questions about your accounts. Mention me or send me a direct message.\n"
    "`/tillage brief <account>`: the account briefing\n"
    "`/tillage risk <account>`: the risk scan\n"
    "`/tillage draft <account>`: a follow-up e-mail draft to edit and save (never sent)\n"
    "`/tillage help`: this help"
)
REFUSAL = (
    "Sorry, I can only help people who have a Tillage account linked to their Slack user. "
    "Please ask your Tillage administrator to add your Slack user id."
)
Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters, escaped so data never turns into mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(markdown: str) -> str:
    """Common Markdown as Slack mrkdwn: bold, headings, links; everything else kept, escaped."""
    text = escape(markdown)
    text = re.sub(r"^#{1,6}\s+(.+)$", r"*\1*", text, flags=re.M)
    text = re.sub(r"\*\*(.+?)\*\*", r"*\1*", text)
    text = re.sub(r"__(.+?)__", r"*\1*", text)
    return re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r"<\2|\1>", text)


def _split(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        parts.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    if rest or not parts:
        parts.append(rest)
    return parts


def sections(text: str) -> list[Block]:
    """Section blocks holding ``text`` (mrkdwn), split under Slack's per-section limit."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": part or " "}} for part in _split(text)]


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def answer_message(reply: Reply) -> tuple[str, list[Block]]:
    """Fallback text and blocks for an answer: the answer, then a context line with its sources."""
    blocks = sections(mrkdwn(reply.answer))
    if reply.citations:
        cited = ", ".join(f"{c.kind} `{escape(c.id)}`" for c in reply.citations)
        blocks.append(_context(f"Sources: {cited}"))
    if reply.fallback and reply.note:
        blocks.append(_context(escape(reply.note)))
    return reply.answer, blocks


def _data(result: Any) -> dict[str, Any]:
    if isinstance(result, BaseModel):
        data = result.model_dump(mode="json")
    else:
        data = dict(result) if isinstance(result, dict) else {"result": result}
    return {k: v for k, v in data.items() if k not in {"evidence", "thresholds"}}


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        # Amounts read as 1,200,000 rather than 1.2e+06; other fractions keep two decimals.
        return f"{int(value):,}" if value.is_integer() else f"{value:,.2f}"
    return escape(str(value))


def _summary(value: Any) -> str:
    if isinstance(value, dict):
        flat = [(k, v) for k, v in value.items() if not isinstance(v, dict | list)]
        return "\n".join(f"• {_label(str(k))}: {_summary(v)}" for k, v in flat)
    if isinstance(value, list):
        shown = [_summary(v) if not isinstance(v, dict) else _one_line(v) for v in value[:8]]
        more = f"\n… and {len(value) - 8} more" if len(value) > 8 else ""
        return "\n".join(f"• {s}" for s in shown) + more if shown else "—"
    return _scalar(value)


def _one_line(item: dict[str, Any]) -> str:
    scalars = [f"{_label(k)}: {_scalar(v)}" for k, v in item.items() if not isinstance(v, dict | list)]
    return "; ".join(scalars[:5]) or "—"


def result_blocks(title: str, result: Any) -> tuple[str, list[Block]]:
    """A scoring or briefing result: header, scalar fields (two columns), one section per part."""
    data = _data(result)
    blocks: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": title[:HEADER_LIMIT]}}]
    scalars = [(k, v) for k, v in data.items() if not isinstance(v, dict | list)]
    fields = [{"type": "mrkdwn", "text": f"*{_label(k)}*\n{_scalar(v)}"[:FIELD_LIMIT]} for k, v in scalars[:10]]
    if fields:
        blocks.append({"type": "section", "fields": fields})
    for key, value in data.items():
        if isinstance(value, dict | list) and value and len(blocks) < 45:
            blocks += sections(f"*{_label(key)}*\n{_summary(value)}")
    text = title + "".join(f"\n{_label(k)}: {_scalar(v)}" for k, v in scalars[:10])
    return text, blocks


def briefing_message(account_id: str, account_name: str, result: Any) -> tuple[str, list[Block]]:
    """A briefing with the three follow-up buttons; each button carries the account id."""
    text, blocks = result_blocks(f"Briefing: {account_name}", result)
    buttons = [
        (ACTION_DRAFT, "Draft follow-up", "primary"),
        (ACTION_RISKS, "Show risks", None),
        (ACTION_POWER_MAP, "Power map", None),
    ]
    elements = []
    for action_id, label, style in buttons:
        button: Block = {
            "type": "button",
            "action_id": action_id,
            "text": {"type": "plain_text", "text": label},
            "value": account_id,
        }
        if style:
            button["style"] = style
        elements.append(button)
    blocks.append({"type": "actions", "block_id": "tillage_briefing_actions", "elements": elements})
    return text, blocks


def loading_modal(title: str) -> Block:
    """The modal opened at once (a trigger id expires in three seconds) while the draft is written."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title[:24]},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Writing the draft…"}}],
    }


def draft_modal(draft_id: str, subject: str, body: str) -> Block:
    """The draft for editing; Save stores it (``view_submission``), nothing is sent."""
    return {
        "type": "modal",
        "callback_id": DRAFT_MODAL,
        "private_metadata": draft_id,
        "title": {"type": "plain_text", "text": "Follow-up draft"},
        "submit": {"type": "plain_text", "text": "Save draft"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "subject",
                "label": {"type": "plain_text", "text": "Subject"},
                "element": {"type": "plain_text_input", "action_id": "value", "initial_value": subject[:150]},
            },
            {
                "type": "input",
                "block_id": "body",
                "label": {"type": "plain_text", "text": "Body"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "initial_value": body[:3000],
                },
            },
            _context("Saved drafts are never sent by Tillage: copy it into your mail client when ready."),
        ],
    }


def notice_modal(title: str, text: str) -> Block:
    """A modal that only tells something (e.g. the draft could not be written)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title[:24]},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": sections(escape(text)),
    }
