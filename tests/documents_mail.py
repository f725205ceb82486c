"""Builders for test e-mails as raw bytes, and a small CRM world for document linking tests.

Mails are written byte by byte (not through ``email.message.EmailMessage``) so that tests can
produce what real mailers send: wrong charset labels, GBK bytes under ``gb2312``, raw 8-bit.
"""

from __future__ import annotations

import base64
import quopri

from sqlmodel import Session

from assistant.crm.models import Account, Contact, Opportunity, User


def header_b(text: str, charset: str) -> str:
    """An RFC 2047 B-encoded word."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(_codec(charset))).decode()}?="


def _codec(charset: str) -> str:
    # For building mislabelled mails we encode with the real codec named after a slash: "gb2312/gbk".
    return charset.split("/")[-1]


def part(
    body: str | bytes,
    *,
    ctype: str = "text/plain",
    charset: str | None = "utf-8",
    encoding: str = "8bit",
    extra: str = "",
) -> bytes:
    """One MIME part (headers and body) with the body encoded as asked.

    ``charset`` "gb2312/gbk" labels the part gb2312 but encodes the text with GBK (a mislabel).
    """
    label = charset.split("/")[0] if charset else None
    data = body if isinstance(body, bytes) else body.encode(_codec(charset or "utf-8"))
    if encoding == "base64":
        payload = base64.encodebytes(data)
    elif encoding == "quoted-printable":
        payload = quopri.encodestring(data)
    else:
        payload = data
    ctype_line = f"Content-Type: {ctype}" + (f'; charset="{label}"' if label else "")
    head = f"{ctype_line}\r\nContent-Transfer-Encoding: {encoding}\r\n{extra}"
    return head.encode("ascii") + b"\r\n" + payload.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def message(
    body_part: bytes,
    *,
    subject: str = "Quote",
    sender: str = "Bob Li <bob@acme.cn>",
    to: str = "Alice <alice@tillage.io>",
    cc: str | None = None,
    date: str | None = "Tue, 03 Mar 2026 10:15:00 +0800",
    message_id: str | None = "<m1@acme.cn>",
    extra_headers: str = "",
) -> bytes:
    """A whole message whose top-level part is ``body_part`` (from :func:`part` or :func:`multipart`)."""
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}", "MIME-Version: 1.0"]
    if cc:
        lines.append(f"Cc: {cc}")
    if date:
        lines.append(f"Date: {date}")
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    head = "\r\n".join(lines) + "\r\n" + extra_headers
    return head.encode("utf-8") + body_part


def multipart(subtype: str, *parts: bytes, boundary: str = "BOUNDARY") -> bytes:
    """A multipart part holding ``parts``."""
    out = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()
    for item in parts:
        out += f"--{boundary}\r\n".encode() + item + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def seed_world(session: Session) -> None:
    """Two users at tillage.io, accounts A1 (acme.cn), A2 (globex.com), A3 (shared.com with A2's contact)."""
    session.add(User(id="u1", email="alice@tillage.io", name="Alice", role="rep"))
    session.add(User(id="u2", email="Boss@Tillage.io", name="Boss", role="manager"))
    session.flush()
    for account_id, name in (("A1", "Acme"), ("A2", "Globex"), ("A3", "Initech")):
        session.add(Account(id=account_id, name=name, owner_id="u1"))
    session.flush()
    session.add(Contact(id="C1", account_id="A1", name="Bob Li", email="Bob@Acme.cn"))
    session.add(Contact(id="C2", account_id="A1", name="Carol", email="carol@acme.cn"))
    session.add(Contact(id="C3", account_id="A2", name="Dan", email="dan@globex.com"))
    session.add(Contact(id="C4", account_id="A2", name="Eve", email="eve@shared.com"))
    session.add(Contact(id="C5", account_id="A3", name="Frank", email="frank@shared.com"))
    session.add(Contact(id="C6", account_id="A3", name="Gina", email="gina@gmail.com"))
    session.add(Opportunity(id="O1", account_id="A1", name="ERP", amount=100000, owner_id="u1", status="open"))
    session.flush()
