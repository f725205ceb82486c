"""The parsed form of a meeting note or e-mail, and the helpers every parser shares."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from assistant.crm.models import Document

#: Longest id the ``documents.id`` column holds.
MAX_ID_LENGTH = 200
MAX_SUBJECT_LENGTH = 500
MAX_AUTHOR_LENGTH = 254

# CJK unified ideographs (basic, extension A, compatibility, extensions B and later).
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Chinese averages ~1.5 characters a word and English ~5 letters, so a text that is about half
# Chinese by words has roughly a 0.23 CJK share by characters.
_ZH_SHARE = 0.2


@dataclass
class ParsedDocument:
    """A note or e-mail turned into text and metadata, before it is linked to an account.

    ``body`` is the text to embed (for e-mails without quoted replies and signatures);
    ``original`` the full decoded text. ``account_id`` is only the *explicit* account of the
    source (front matter or ``X-Account-Id`` header); :func:`link_account` decides the final one.
    ``notes`` are remarks for the person importing (ignored attachments, undecodable parts);
    ``field_lines`` maps front-matter fields to their line in the file, for error messages.
    """

    id: str
    kind: str
    body: str
    original: str
    source: str
    account_id: str | None = None
    opportunity_id: str | None = None
    author: str | None = None
    participants: list[str] = field(default_factory=list)
    occurred_at: datetime | None = None
    subject: str | None = None
    language: str | None = None
    notes: list[str] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict)
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self)

    def to_model(self, account_id: str | None, opportunity_id: str | None = None) -> Document:
        """A :class:`Document` row for this document, linked to ``account_id`` (not added to any session)."""
        return Document(
            id=self.id,
            account_id=account_id,
            opportunity_id=opportunity_id if opportunity_id is not None else self.opportunity_id,
            kind=self.kind,
            author=self.author,
            participants=list(self.participants),
            occurred_at=self.occurred_at,
            subject=self.subject,
            body=self.body,
            language=self.language,
            original=self.original,
            content_hash=self.content_hash,
        )


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line ends, no trailing spaces, at most one blank line in a row, no outer blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip("\n")


def detect_language(text: str) -> str | None:
    """``zh`` when CJK characters are at least a fifth of the letters, ``en`` otherwise; None without letters."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk + latin == 0:
        return None
    return "zh" if cjk / (cjk + latin) >= _ZH_SHARE else "en"


def content_hash(doc: ParsedDocument) -> str:
    """sha256 of the normalised body and the metadata, stable across runs and machines."""
    payload = {
        "id": doc.id,
        "kind": doc.kind,
        "account_id": doc.account_id,
        "opportunity_id": doc.opportunity_id,
        "author": doc.author,
        "participants": doc.participants,
        "occurred_at": doc.occurred_at.isoformat() if doc.occurred_at else None,
        "subject": doc.subject,
        "language": doc.language,
        "body": normalise_text(doc.body),
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def bounded_id(prefix: str, value: str) -> str:
    """``prefix + value``, or a hash-based id of the same prefix when that is longer than the column."""
    candidate = prefix + value
    if len(candidate) <= MAX_ID_LENGTH:
        return candidate
    return prefix + "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


def to_utc(value: date | datetime) -> datetime:
    """An aware UTC datetime: naive values are taken as UTC, a plain date as its midnight UTC."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0, 0), tzinfo=UTC)
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def clip(value: str | None, limit: int) -> str | None:
    """``value`` cut to ``limit`` characters (the column width), None stays None."""
    if value is None:
        return None
    return value[:limit]
