"""E-mails: ``*.eml`` files (one message) and ``*.mbox`` files (many), in any charset.

Messages are parsed with the stdlib ``email`` package under the ``compat32`` policy, which hands
us raw bytes and raw header text, so that every decode goes through
:mod:`assistant.crm.documents.charsets` (superset charsets, fallbacks) instead of failing or
silently inserting replacement characters.
"""

from __future__ import annotations

import email
import hashlib
import mailbox
import re
from datetime import datetime
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from assistant.crm.documents.charsets import decode_bytes, decode_header_value
from assistant.crm.documents.email_clean import clean_body, html_to_text
from assistant.crm.documents.parsed import (
    MAX_AUTHOR_LENGTH,
    MAX_SUBJECT_LENGTH,
    ParsedDocument,
    bounded_id,
    clip,
    detect_language,
    normalise_text,
    to_utc,
)
from assistant.crm.enums import DocumentKind

_MBOX_FROM_ESCAPE = re.compile(rb"(?m)^>(>*From )")


def parse_email_file(path: Path) -> list[ParsedDocument]:
    """Parse an ``.eml`` file (one document) or an ``.mbox`` file (one document per message, in file order)."""
    if path.suffix.lower() == ".mbox":
        return [
            parse_email_bytes(raw, source=f"{path}#{number}") for number, raw in enumerate(read_mbox(path), start=1)
        ]
    return [parse_email_bytes(path.read_bytes(), source=str(path))]


def read_mbox(path: Path) -> list[bytes]:
    """The raw bytes of every message of an mbox file, in file order, with ``>From`` escaping undone.

    mbox writers turn body lines starting with "From " into ">From "; left as is, such a line would
    look like a quoted reply and be stripped from the body.
    """
    box = mailbox.mbox(path, create=False)
    try:
        return [_MBOX_FROM_ESCAPE.sub(rb"\1", box.get_bytes(key)) for key in sorted(box.keys())]
    finally:
        box.close()


def parse_email_bytes(raw: bytes, *, source: str) -> ParsedDocument:
    """Parse one RFC 5322 message.

    id: the Message-ID without ``<>``, else ``sha256:<hash of the bytes>`` (line ends normalised).
    author: the From address; participants: From, To and Cc addresses, lowercase, first seen first.
    body: the new text without quoted replies and signature; original: all text parts, unstripped.
    ``X-Account-Id`` / ``X-Opportunity-Id`` become the explicit account and opportunity.
    Attachments are skipped with a note.
    """
    msg = email.message_from_bytes(raw, policy=compat32)
    notes: list[str] = []
    message_id = _message_id(msg)
    if message_id:
        doc_id = bounded_id("", message_id)
    else:
        doc_id = "sha256:" + hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()
    senders = _addresses(msg, "From")
    participants: list[str] = []
    for address in senders + _addresses(msg, "To") + _addresses(msg, "Cc"):
        if address not in participants:
            participants.append(address)
    subject = decode_header_value(msg.get("Subject")) or None
    occurred_at = _date(msg, notes)

    texts: list[str] = []
    _collect(msg, texts, notes)
    original = normalise_text("\n\n".join(text for text in texts if text.strip()))
    body = clean_body(original)
    account_id = decode_header_value(msg.get("X-Account-Id")).strip() or None
    opportunity_id = decode_header_value(msg.get("X-Opportunity-Id")).strip() or None
    return ParsedDocument(
        id=doc_id,
        kind=DocumentKind.EMAIL.value,
        body=body,
        original=original,
        source=source,
        account_id=account_id,
        opportunity_id=opportunity_id,
        author=clip(senders[0], MAX_AUTHOR_LENGTH) if senders else None,
        participants=participants,
        occurred_at=occurred_at,
        subject=clip(subject, MAX_SUBJECT_LENGTH),
        language=detect_language(f"{subject or ''}\n{body or original}"),
        notes=notes,
    )


def _message_id(msg: Message) -> str | None:
    value = decode_header_value(msg.get("Message-ID"))
    if "<" in value and ">" in value.split("<", 1)[1]:
        value = value.split("<", 1)[1].split(">", 1)[0]
    value = "".join(value.split()).strip("<>")
    return value or None


def _addresses(msg: Message, name: str) -> list[str]:
    values = [decode_header_value(value) for value in msg.get_all(name, [])]
    out: list[str] = []
    for _, address in getaddresses(values):
        address = address.strip().lower()
        if "@" in address and address not in out:
            out.append(address)
    return out


def _date(msg: Message, notes: list[str]) -> datetime | None:
    value = decode_header_value(msg.get("Date"))
    if not value:
        notes.append("no Date header")
        return None
    try:
        return to_utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        notes.append(f"unreadable Date header: {value}")
        return None


def _collect(part: Message, texts: list[str], notes: list[str]) -> None:
    """Append the text of ``part`` to ``texts``; note every attachment and non-text part skipped."""
    ctype = part.get_content_type()
    if part.get_content_disposition() == "attachment" or ctype == "message/rfc822":
        notes.append(f"attachment ignored: {_part_name(part)}")
        return
    if part.is_multipart():
        children = [child for child in part.get_payload() if isinstance(child, Message)]
        if ctype == "multipart/alternative":
            chosen = _preferred_alternative(children)
            if chosen is not None:
                _collect(chosen, texts, notes)
            return
        for child in children:
            _collect(child, texts, notes)
        return
    if ctype not in ("text/plain", "text/html"):
        notes.append(f"attachment ignored: {_part_name(part)}")
        return
    text = _part_text(part, notes)
    texts.append(html_to_text(text) if ctype == "text/html" else normalise_text(text))


def _preferred_alternative(children: list[Message]) -> Message | None:
    """text/plain with some text, else HTML (or a multipart/related holding it), else the richest part."""
    for child in children:
        if child.get_content_type() == "text/plain" and _part_text(child, []).strip():
            return child
    for child in reversed(children):  # RFC 2046: the last alternative is the richest
        if child.get_content_type() == "text/html" or child.get_content_maintype() == "multipart":
            return child
    return children[-1] if children else None


def _part_text(part: Message, notes: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset()
    text, remark = decode_bytes(payload, charset)
    if remark:
        notes.append(f"{part.get_content_type()} part: {remark}")
    return text


def _part_name(part: Message) -> str:
    filename = part.get_filename()
    if filename:
        return decode_header_value(filename)
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            subject = decode_header_value(inner[0].get("Subject"))
            if subject:
                return f"forwarded message {subject!r}"
    return part.get_content_type()
