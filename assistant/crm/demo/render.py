"""Serialise documents as files of the import format: Markdown notes with YAML front matter, and .eml e-mails.

E-mails are built with the standard library's ``email`` package. Chinese mail uses UTF-8, GBK or
GB18030 with base64 or quoted-printable transfer encoding (as real Chinese mail clients do), so
every generated .eml file is plain ASCII text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.charset import BASE64, QP, Charset
from email.header import Header
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime, formataddr
from typing import Any, cast

MESSAGE_ID_DOMAIN = "tillage-demo.com"


def _scalar(value: object) -> str:
    # A JSON string or number is also a valid YAML flow scalar, and json is much faster than a YAML emitter.
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def note_text(meta: dict[str, Any], body: str) -> str:
    """A Markdown note: YAML front matter between ``---`` lines, a blank line, then the body."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {_scalar(item)}" for item in value)
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + f"\n\n{body}\n"


@dataclass(frozen=True, slots=True)
class Mail:
    """What an e-mail says and how it is encoded."""

    doc_id: str
    account_id: str | None
    opportunity_id: str | None
    language: str | None
    sender: tuple[str, str]
    to: tuple[tuple[str, str], ...]
    cc: tuple[tuple[str, str], ...]
    subject: str
    sent_at: datetime
    body: str
    charset: str = "utf-8"
    transfer: str = "base64"


def email_text(mail: Mail) -> str:
    """The .eml source of ``mail`` (ASCII: headers use encoded words, the body base64 or quoted-printable)."""
    charset = mail.charset
    try:
        mail.body.encode(charset)
        mail.subject.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    body_charset = Charset(charset)
    if charset != "us-ascii":
        body_charset.body_encoding = QP if mail.transfer == "quoted-printable" else BASE64
    header_charset = charset if charset in ("gbk", "gb18030") else "utf-8"
    message = MIMENonMultipart("text", "plain", charset=str(body_charset))
    message.set_payload(mail.body + "\n", body_charset)
    message["Message-ID"] = f"<{mail.doc_id}@{MESSAGE_ID_DOMAIN}>"
    message["Date"] = format_datetime(mail.sent_at)
    message["From"] = formataddr(mail.sender, charset=header_charset)
    message["To"] = ", ".join(formataddr(person, charset=header_charset) for person in mail.to)
    if mail.cc:
        message["Cc"] = ", ".join(formataddr(person, charset=header_charset) for person in mail.cc)
    subject = Header(mail.subject, header_charset if not mail.subject.isascii() else "us-ascii")
    # compat32 messages take Header objects for encoded headers; typeshed only admits str.
    message["Subject"] = cast(str, subject)
    if mail.account_id:
        message["X-Account-Id"] = mail.account_id
    if mail.opportunity_id:
        message["X-Opportunity-Id"] = mail.opportunity_id
    if mail.language:
        message["Content-Language"] = mail.language
    return message.as_bytes().decode("ascii")


def note_meta(
    *,
    doc_id: str,
    account_id: str | None,
    opportunity_id: str | None,
    kind: str,
    occurred_at: datetime | None,
    author: str | None,
    participants: list[str],
    subject: str | None,
    language: str | None,
) -> dict[str, Any]:
    """The front matter of a note, leaving out what is unknown."""
    meta: dict[str, Any] = {"id": doc_id}
    optional: dict[str, Any] = {
        "account_id": account_id,
        "opportunity_id": opportunity_id,
        "kind": kind,
        "occurred_at": occurred_at.isoformat() if occurred_at is not None else None,
        "author": author,
        "participants": list(participants) if participants else None,
        "subject": subject,
        "language": language,
    }
    meta.update({key: value for key, value in optional.items() if value is not None})
    return meta
