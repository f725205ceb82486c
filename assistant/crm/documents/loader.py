"""The ``documents/`` folder of ``tillage import``: every note and e-mail, parsed, checked and linked.

Nothing is written here: the importer adds the returned rows in its own transaction, so a bad
note fails the whole import like a bad CSV row does. E-mails that match no account are skipped
with a warning (the import contract says they are reported, not guessed).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.documents.email_parse import parse_email_file
from assistant.crm.documents.linking import link_account
from assistant.crm.documents.notes import NoteFormatError, parse_note
from assistant.crm.documents.parsed import ParsedDocument
from assistant.crm.enums import DocumentKind
from assistant.crm.importer.issues import ImportIssue
from assistant.crm.models import Account, Document, Opportunity

NOTE_SUFFIXES = frozenset({".md", ".txt"})
EMAIL_SUFFIXES = frozenset({".eml", ".mbox"})


@dataclass
class DocumentLoadResult:
    """Rows ready to add (in file order), errors that must fail the import, and warnings to print."""

    documents: list[Document] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def document_files(directory: Path) -> list[Path]:
    """Notes and e-mail files under ``directory``, recursively, sorted by relative path; hidden ones skipped."""
    found = [
        path
        for path in directory.rglob("*")
        if path.is_file()
        and path.suffix.lower() in NOTE_SUFFIXES | EMAIL_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    ]
    return sorted(found, key=lambda path: path.relative_to(directory).as_posix())


def load_documents(directory: Path, session: Session, *, prefix: str = "documents") -> DocumentLoadResult:
    """Parse, validate and link every document under ``directory`` (see import-format.md).

    Errors (as ``<prefix>/<relpath>:<line>: <field>: message``) for invalid notes: bad front matter,
    bad date or kind, non-UTF-8, unknown ``account_id`` / ``opportunity_id``, an opportunity of
    another account, two different notes with one id. Warnings for documents skipped because they
    match no account or have no text, duplicates of a message already read, ignored attachments
    and charset fallbacks. Lookups use ``session``, so rows flushed earlier in the transaction count.
    """
    result = DocumentLoadResult()
    seen: dict[str, tuple[str, str]] = {}
    for path in document_files(directory):
        label = f"{prefix}/{path.relative_to(directory).as_posix()}"
        if path.suffix.lower() in NOTE_SUFFIXES:
            _load_note(path, directory, label, session, result, seen)
        else:
            _load_emails(path, label, session, result, seen)
    return result


def documents_loader(directory: Path, session: Session) -> tuple[list[Document], list[ImportIssue], list[str]]:
    """:func:`load_documents` as the ``(documents, errors, warnings)`` triple the CSV importer's loader hook takes."""
    result = load_documents(directory, session)
    return result.documents, result.errors, result.warnings


def _load_note(
    path: Path, root: Path, label: str, session: Session, result: DocumentLoadResult, seen: dict[str, tuple[str, str]]
) -> None:
    try:
        doc = parse_note(path, root=root)
    except NoteFormatError as exc:
        result.errors.extend(
            ImportIssue(file=label, row=p.line, column=p.field, message=p.message) for p in exc.problems
        )
        return
    except OSError as exc:
        result.errors.append(ImportIssue(file=label, row=0, column="-", message=f"cannot read: {exc.strerror}"))
        return
    result.warnings.extend(f"{label}: {note}" for note in doc.notes)
    errors_before = len(result.errors)
    account_id = doc.account_id
    if account_id is not None and session.get(Account, account_id) is None:
        _field_error(result, label, doc, "account_id", f"unknown account {account_id!r}")
    if doc.opportunity_id is not None:
        owner = _opportunity_account(session, doc.opportunity_id)
        if owner is None:
            _field_error(result, label, doc, "opportunity_id", f"unknown opportunity {doc.opportunity_id!r}")
        elif account_id is None:
            account_id = owner
        elif owner != account_id:
            message = f"opportunity {doc.opportunity_id!r} belongs to account {owner!r}, not {account_id!r}"
            _field_error(result, label, doc, "opportunity_id", message)
    if len(result.errors) > errors_before or _duplicate(doc, label, result, seen):
        return
    if account_id is None:
        link = link_account(doc, session)
        if not link.matched:
            result.warnings.append(f"{label}: no account ({link.reason}); skipped")
            return
        account_id = link.account_id
    if not doc.body:
        result.warnings.append(f"{label}: no text after the front matter; skipped")
        return
    result.documents.append(doc.to_model(account_id))


def _load_emails(
    path: Path, label: str, session: Session, result: DocumentLoadResult, seen: dict[str, tuple[str, str]]
) -> None:
    try:
        docs = parse_email_file(path)
    except Exception as exc:  # an unreadable mailbox must be reported with its file, whatever failed
        result.errors.append(ImportIssue(file=label, row=0, column="-", message=f"cannot read e-mail: {exc}"))
        return
    for doc in docs:
        where = f"{label}: {doc.id}"
        result.warnings.extend(f"{where}: {note}" for note in doc.notes)
        if _duplicate(doc, label, result, seen):
            continue
        link = link_account(doc, session)
        if not link.matched:
            result.warnings.append(f"{where}: matches no account ({link.reason}); skipped")
            continue
        if not doc.body:
            result.warnings.append(f"{where}: no text of its own (only quotes or attachments); skipped")
            continue
        if doc.opportunity_id is not None and _opportunity_account(session, doc.opportunity_id) != link.account_id:
            # A mail export's header is advisory: keep the mail on its account, drop the wrong deal link.
            problem = f"X-Opportunity-Id {doc.opportunity_id!r} is not an opportunity of {link.account_id!r}"
            result.warnings.append(f"{where}: {problem}; not linked")
            doc = replace(doc, opportunity_id=None)
        result.documents.append(doc.to_model(link.account_id))


def _opportunity_account(session: Session, opportunity_id: str) -> str | None:
    return session.execute(
        select(col(Opportunity.account_id)).where(col(Opportunity.id) == opportunity_id)
    ).scalar_one_or_none()


def _field_error(result: DocumentLoadResult, label: str, doc: ParsedDocument, name: str, message: str) -> None:
    result.errors.append(ImportIssue(file=label, row=doc.field_lines.get(name, 1), column=name, message=message))


def _duplicate(doc: ParsedDocument, label: str, result: DocumentLoadResult, seen: dict[str, tuple[str, str]]) -> bool:
    """Whether ``doc.id`` was read before: the same message twice is a warning, two different notes an error."""
    previous = seen.get(doc.id)
    if previous is None:
        seen[doc.id] = (label, doc.content_hash)
        return False
    first_label, first_hash = previous
    if doc.kind == DocumentKind.MEETING_NOTE.value and first_hash != doc.content_hash:
        _field_error(result, label, doc, "id", f"id {doc.id!r} is already used by {first_label}")
    elif first_hash == doc.content_hash:
        result.warnings.append(f"{label}: {doc.id}: duplicate of the document in {first_label}; skipped")
    else:
        result.warnings.append(f"{label}: {doc.id}: same id as a different document in {first_label}; skipped")
    return True
