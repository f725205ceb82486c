"""Documents as files of the import format, and document rows exactly as the importer stores them.

A file is a pure function of the stored row (plus the display names of the people in it), so an
export re-imported and exported again gives the same bytes:

- a meeting note is Markdown with YAML front matter (JSON-quoted scalars, which YAML reads as is);
- an e-mail is an .eml built with the standard library. Its text is the row's ``original`` (the full
  decoded text; ``body`` is that text without signature, as the importer cleans it). Chinese mail
  uses GB18030, GBK or UTF-8 with base64 or quoted-printable transfer encoding, picked from the
  document id, so every .eml file is plain ASCII. ``From`` is the author; ``To`` the first other
  participant; ``Cc`` the rest; ``X-Account-Id`` and ``X-Opportunity-Id`` carry the links.

:func:`stored_document` turns a generated document into the row an import of its file would store,
with the importer's own text functions (:mod:`assistant.crm.documents`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from email.charset import BASE64, QP, Charset
from email.header import Header
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime, formataddr
from typing import Any, cast

from assistant.crm.documents import ParsedDocument, clean_body, detect_language, normalise_text

MAIL_DOMAIN = "tillage-demo.com"
#: Dates in e-mail headers are written in China/Singapore time, as the demo's people would send them.
_MAIL_TZ = timezone(timedelta(hours=8))
_CHINESE_ENCODINGS: tuple[tuple[str, str], ...] = (
    ("gb18030", "base64"),
    ("gbk", "quoted-printable"),
    ("utf-8", "base64"),
    ("gbk", "base64"),
    ("gb18030", "quoted-printable"),
    ("utf-8", "quoted-printable"),
)
_ROW_FIELDS = (
    "id", "account_id", "opportunity_id", "kind", "author", "participants", "occurred_at", "subject", "body",
    "language", "original", "content_hash",
)  # fmt: skip


def _scalar(value: object) -> str:
    # A JSON string is also a valid YAML flow scalar, and json is much faster than a YAML emitter.
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def note_file(row: dict[str, Any]) -> str:
    """A Markdown note: YAML front matter (only known fields) between ``---`` lines, a blank line, the body."""
    occurred: datetime | None = row.get("occurred_at")
    fields: dict[str, Any] = {
        "id": row["id"],
        "account_id": row.get("account_id"),
        "opportunity_id": row.get("opportunity_id"),
        "kind": row.get("kind"),
        "occurred_at": occurred.isoformat() if occurred is not None else None,
        "author": row.get("author"),
        "participants": list(row.get("participants") or []) or None,
        "subject": row.get("subject"),
        "language": row.get("language"),
    }
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {_scalar(item)}" for item in value)
        elif value is not None:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + f"\n\n{row['body']}\n"


def message_id(doc_id: str) -> str:
    """The Message-ID header of a document; the importer takes the part inside ``<>`` as the id."""
    return f"<{doc_id}>" if "@" in doc_id else f"<{doc_id}@{MAIL_DOMAIN}>"


def encoding_for(doc_id: str, language: str | None, text: str) -> tuple[str, str]:
    """Charset and transfer encoding of an e-mail, a pure function of its id, language and text."""
    if text.isascii():
        return "us-ascii", "7bit"
    if language == "zh":
        return _CHINESE_ENCODINGS[sum(ord(c) for c in doc_id) % len(_CHINESE_ENCODINGS)]
    return "utf-8", "quoted-printable"


def email_file(row: dict[str, Any], names: dict[str, str]) -> str:
    """The .eml source of an e-mail row; ``names`` gives display names of addresses (others stay bare)."""
    text = row.get("original") or row["body"]
    subject = row.get("subject") or ""
    author = row.get("author") or "unknown@invalid"
    others = [p for p in row.get("participants") or [] if p != author]
    charset, transfer = encoding_for(row["id"], row.get("language"), text + subject)
    try:
        text.encode(charset)
        subject.encode(charset)
    except UnicodeEncodeError:
        charset, transfer = "utf-8", "quoted-printable"
    body_charset = Charset(charset)
    if charset != "us-ascii":
        body_charset.body_encoding = QP if transfer == "quoted-printable" else BASE64
    header_charset = charset if charset in ("gbk", "gb18030") else "utf-8"

    def person(address: str) -> str:
        return formataddr((names.get(address, ""), address), charset=header_charset)

    message = MIMENonMultipart("text", "plain", charset=str(body_charset))
    message.set_payload(text + "\n", body_charset)
    message["Message-ID"] = message_id(row["id"])
    occurred: datetime | None = row.get("occurred_at")
    if occurred is not None:
        message["Date"] = format_datetime(occurred.astimezone(_MAIL_TZ))
    message["From"] = person(author)
    if others:
        message["To"] = person(others[0])
    if others[1:]:
        message["Cc"] = ", ".join(person(address) for address in others[1:])
    # compat32 messages take Header objects for encoded headers; typeshed only admits str.
    message["Subject"] = cast(str, Header(subject, header_charset if not subject.isascii() else "us-ascii"))
    if row.get("account_id"):
        message["X-Account-Id"] = row["account_id"]
    if row.get("opportunity_id"):
        message["X-Opportunity-Id"] = row["opportunity_id"]
    if row.get("language"):
        message["Content-Language"] = row["language"]
    return message.as_bytes().decode("ascii")


def stored_document(draft: dict[str, Any]) -> dict[str, Any]:
    """The row the importer stores for the file of ``draft`` (whose ``body`` is the document's full text).

    Uses the importer's own normalisation, e-mail cleaning (signature removed from ``body``; the full
    text stays in ``original``), language detection and content hash; the tests read exported files
    back with the importer to check that both agree.
    """
    text = normalise_text(draft["body"])
    occurred: datetime = draft["occurred_at"]
    if draft["kind"] == "email":
        body, original = clean_body(text), text
        language = detect_language(f"{draft['subject'] or ''}\n{body or original}")
    else:
        body, language = text, draft["language"]
        original = note_file({**draft, "body": body})
    parsed = ParsedDocument(
        id=draft["id"],
        kind=draft["kind"],
        body=body,
        original=original,
        source=draft["id"],
        account_id=draft["account_id"],
        opportunity_id=draft["opportunity_id"],
        author=draft["author"],
        participants=list(draft["participants"]),
        occurred_at=occurred.astimezone(UTC),
        subject=draft["subject"],
        language=language,
    )
    return {name: getattr(parsed, name) for name in _ROW_FIELDS}
