"""Meeting notes with front matter, and loading a whole documents/ folder against a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from documents_mail import message, multipart, part, seed_world
from sqlalchemy import Engine
from sqlmodel import Session, select

from assistant.crm.documents import NoteFormatError, NoteProblem, documents_loader, load_documents, parse_note
from assistant.crm.models import Document

NOTE = """---
id: meet-2026-03-01
account_id: A1
opportunity_id: O1
occurred_at: 2026-03-01T10:00:00+08:00
author: Alice@Tillage.io
participants: [Bob@Acme.cn, 张总]
subject: 方案评审
language: zh
---
# 会议纪要

客户认可方案，但认为价格偏高。
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_parsed(tmp_path: Path) -> None:
    doc = parse_note(write(tmp_path / "meetings" / "acme.md", NOTE), root=tmp_path)
    assert doc.id == "meet-2026-03-01"
    assert (doc.account_id, doc.opportunity_id, doc.kind) == ("A1", "O1", "meeting_note")
    assert doc.occurred_at == datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert doc.author == "alice@tillage.io"
    assert doc.participants == ["bob@acme.cn", "张总"]
    assert (doc.subject, doc.language) == ("方案评审", "zh")
    assert doc.body == "# 会议纪要\n\n客户认可方案，但认为价格偏高。"
    assert doc.original == NOTE
    assert doc.field_lines["occurred_at"] == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
        ("2026-03-01 09:30", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
        ("'2026-03-01T09:30:00Z'", datetime(2026, 3, 1, 9, 30, tzinfo=UTC)),
        ("2026-03-01T23:30:00-05:00", datetime(2026, 3, 2, 4, 30, tzinfo=UTC)),
    ],
)
def test_occurred_at_forms_are_aware_utc(tmp_path: Path, value: str, expected: datetime) -> None:
    doc = parse_note(write(tmp_path / "n.md", f"---\noccurred_at: {value}\n---\nText"))
    assert doc.occurred_at == expected


def test_defaults_id_from_relative_path_and_detects_language(tmp_path: Path) -> None:
    zh = parse_note(write(tmp_path / "a" / "zh.txt", "---\naccount_id: A1\n---\n客户希望下周安排演示。"), root=tmp_path)
    assert (zh.id, zh.kind, zh.language) == ("note:a/zh.txt", "meeting_note", "zh")
    en = parse_note(write(tmp_path / "en.md", "---\naccount_id: A1\n---\nThe customer wants a demo next week."))
    assert (en.id, en.language) == ("note:en.md", "en")


INVALID_FRONT_MATTER = [
    ("account_id: A1\noccurred_at: 2026-02-30\n", 3, "occurred_at", "not an ISO 8601 date or date-time: '2026-02-30'"),
    ("kind: minutes\n", 2, "kind", "must be one of email, meeting_note, not 'minutes'"),
    ("author: alice\n", 2, "author", "not an e-mail address: 'alice'"),
    ("subject: [a, b]\n", 2, "subject", "must be a single value, not a list or mapping"),
    ("account_id: A1\nsubject: 'unclosed\n", 3, "front matter", "invalid YAML: found unexpected end of stream"),
    ("- just\n- a list\n", 2, "front matter", "must be a mapping of field: value"),
]


@pytest.mark.parametrize(("front", "line", "field", "message"), INVALID_FRONT_MATTER)
def test_invalid_front_matter_names_line_and_field(
    tmp_path: Path, front: str, line: int, field: str, message: str
) -> None:
    path = write(tmp_path / "bad.md", f"---\n{front}---\nBody")
    with pytest.raises(NoteFormatError) as raised:
        parse_note(path)
    assert raised.value.problems == [NoteProblem(line, field, message)]


def test_unclosed_front_matter_and_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(NoteFormatError) as unclosed:
        parse_note(write(tmp_path / "a.md", "---\naccount_id: A1\nBody"))
    assert unclosed.value.problems == [NoteProblem(1, "front matter", "no closing '---' line")]
    with pytest.raises(NoteFormatError) as gbk:
        parse_note(write(tmp_path / "b.md", "---\naccount_id: A1\n---\n客户\n".encode("gbk")))
    assert gbk.value.problems == [NoteProblem(4, "encoding", "not valid UTF-8 (byte 0xbf)")]


@pytest.fixture
def world(session: Session) -> Session:
    seed_world(session)
    return session


def test_load_reports_every_invalid_note_with_file_line_and_field(tmp_path: Path, world: Session) -> None:
    docs = tmp_path / "documents"
    write(docs / "a.md", "---\naccount_id: NOPE\nopportunity_id: O9\n---\nText")
    write(docs / "b" / "c.md", "---\naccount_id: A2\noccurred_at: yesterday\nopportunity_id: O1\n---\nText")
    write(docs / "d.md", "---\naccount_id: A2\nopportunity_id: O1\n---\nText")
    write(docs / "e.txt", b"---\n---\nText" + "客户".encode("gbk"))
    result = load_documents(docs, world)
    assert [str(issue) for issue in result.errors] == [
        "documents/a.md:2: account_id: unknown account 'NOPE'",
        "documents/a.md:3: opportunity_id: unknown opportunity 'O9'",
        "documents/b/c.md:3: occurred_at: not an ISO 8601 date or date-time: 'yesterday'",
        "documents/d.md:3: opportunity_id: opportunity 'O1' belongs to account 'A1', not 'A2'",
        "documents/e.txt:3: encoding: not valid UTF-8 (byte 0xbf)",
    ]
    assert result.documents == []


def test_load_builds_documents_links_and_warns(tmp_path: Path, world: Session) -> None:
    docs = tmp_path / "documents"
    write(docs / "notes" / "acme.md", NOTE)
    write(
        docs / "notes" / "by-opportunity.md", "---\nopportunity_id: O1\noccurred_at: 2026-03-05\n---\nDemo went well."
    )
    write(docs / "notes" / "by-participant.md", "---\nparticipants: [dan@globex.com]\n---\nCall with Dan.")
    write(docs / "notes" / "orphan.md", "---\nsubject: nothing\n---\nNo account here.")
    write(docs / "notes" / ".hidden.md", "---\naccount_id: NOPE\n---\nignored")
    attachment = part(
        b"PDF", ctype="application/pdf", charset=None, extra='Content-Disposition: attachment; filename="q.pdf"\r\n'
    )
    write(docs / "mail" / "1.eml", message(multipart("mixed", part("Quote attached."), attachment)))
    write(docs / "mail" / "2-copy.eml", message(multipart("mixed", part("Quote attached."), attachment)))
    write(docs / "mail" / "3.eml", message(part("Hi"), sender="x@unknown-corp.com", message_id="<u@x>"))
    write(docs / "mail" / "4.eml", message(part("> only a quote"), message_id="<q@acme.cn>"))
    result = load_documents(docs, world)

    assert result.errors == []
    assert [(d.id, d.account_id, d.opportunity_id, d.kind) for d in result.documents] == [
        ("m1@acme.cn", "A1", None, "email"),
        ("meet-2026-03-01", "A1", "O1", "meeting_note"),
        ("note:notes/by-opportunity.md", "A1", "O1", "meeting_note"),
        ("note:notes/by-participant.md", "A2", None, "meeting_note"),
    ]
    assert result.warnings == [
        "documents/mail/1.eml: m1@acme.cn: attachment ignored: q.pdf",
        "documents/mail/2-copy.eml: m1@acme.cn: attachment ignored: q.pdf",
        "documents/mail/2-copy.eml: m1@acme.cn: duplicate of the document in documents/mail/1.eml; skipped",
        "documents/mail/3.eml: u@x: matches no account (no contact address or domain matches (unknown-corp.com)); "
        "skipped",
        "documents/mail/4.eml: q@acme.cn: no text of its own (only quotes or attachments); skipped",
        "documents/notes/orphan.md: no account (no participant e-mail addresses to match); skipped",
    ]
    assert all(isinstance(d, Document) and d not in world for d in result.documents)


def test_loaded_documents_store_and_read_back(tmp_path: Path, world: Session) -> None:
    docs = tmp_path / "documents"
    write(docs / "acme.md", NOTE)
    first = load_documents(docs, world)
    world.add_all(first.documents)
    world.commit()
    stored = world.exec(select(Document)).one()
    assert stored.occurred_at == datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert stored.participants == ["bob@acme.cn", "张总"]
    assert stored.content_hash == load_documents(docs, world).documents[0].content_hash


def test_two_different_notes_with_one_id_is_an_error(tmp_path: Path, world: Session) -> None:
    docs = tmp_path / "documents"
    write(docs / "a.md", "---\nid: same\naccount_id: A1\n---\nOne")
    write(docs / "b.md", "---\n\nid: same\naccount_id: A1\n---\nTwo")
    result = load_documents(docs, world)
    assert [str(issue) for issue in result.errors] == [
        "documents/b.md:3: id: id 'same' is already used by documents/a.md"
    ]


def test_loader_plugs_into_the_csv_importer(tmp_path: Path, world: Session) -> None:
    from assistant.crm.importer.run import DocumentLoader

    loader: DocumentLoader = documents_loader
    write(tmp_path / "documents" / "acme.md", NOTE)
    write(tmp_path / "documents" / "bad.md", "---\naccount_id: NOPE\n---\nx")
    documents, errors, warnings = loader(tmp_path / "documents", world)
    assert [d.id for d in documents] == ["meet-2026-03-01"]
    assert [str(e) for e in errors] == ["documents/bad.md:2: account_id: unknown account 'NOPE'"]
    assert warnings == []


def test_import_directory_links_mail_to_contacts_of_the_same_import(tmp_path: Path, sqlite_engine: Engine) -> None:
    from assistant.crm.importer.run import import_directory

    write(tmp_path / "users.csv", "id,email,name,role\nu1,alice@tillage.io,Alice,rep\n")
    write(tmp_path / "accounts.csv", "id,name,owner_id\nA1,Acme,u1\nA2,Globex,u1\n")
    write(tmp_path / "contacts.csv", "id,account_id,name,email\nC1,A1,Bob,bob@acme.cn\nC3,A2,Dan,dan@globex.com\n")
    write(tmp_path / "documents" / "m.eml", message(part("报价已更新。", charset="gb2312", encoding="base64")))
    write(tmp_path / "documents" / "n.md", "---\nparticipants: [someone@globex.com]\n---\nDemo booked.")
    report = import_directory(sqlite_engine, tmp_path, documents=documents_loader)
    assert report.ok, report.errors
    with Session(sqlite_engine) as session:
        stored = {d.id: (d.account_id, d.body) for d in session.exec(select(Document))}
    assert stored == {"m1@acme.cn": ("A1", "报价已更新。"), "note:n.md": ("A2", "Demo booked.")}
