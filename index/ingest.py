"""Ingestion: note and e-mail files -> Document rows -> chunks with vectors in the chunk store.

The database is the source of truth and the index is derived from it: rows are committed first,
then indexed, so :func:`ingest_database` can always bring the index back in line. A document is
re-indexed only when its hash (text, filter metadata, chunking rules) differs from the one its
chunks carry; its old chunks are deleted before the new ones are written. Files are parsed by
:mod:`assistant.crm.documents`; e-mails that match no account are reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field
from rich.console import Console
from rich.progress import Progress, TaskID
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.access import can_see_account
from assistant.crm.documents import NoteFormatError, ParsedDocument, link_account, parse_email_file, parse_note
from assistant.crm.documents.loader import EMAIL_SUFFIXES, NOTE_SUFFIXES, document_files
from assistant.crm.models import Document, Opportunity, User
from index.chunking import ChunkingConfig, DocumentChunk, chunk_document, document_hash
from index.keyword import tokenize
from index.keyword_cache import KeywordCache
from index.passages import passage_text
from index.store import ChunkStore

_BATCH = 32  # documents embedded and written together
_COMPARED = ("account_id", "opportunity_id", "kind", "author", "participants", "occurred_at", "subject", "body")


class UnmatchedDocument(BaseModel):
    """A document that was skipped because it could not be linked to exactly one account."""

    source: str
    document_id: str
    reason: str


class IngestReport(BaseModel):
    """What an ingestion run did."""

    documents_added: int = 0
    documents_updated: int = 0
    documents_unchanged: int = 0
    documents_deleted: int = 0
    chunks_written: int = 0
    chunks_deleted: int = 0
    unmatched: list[UnmatchedDocument] = Field(default_factory=list)
    attachments_ignored: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list, description="files or documents that could not be read")
    warnings: list[str] = Field(default_factory=list)


# The same words as for a mail that matches no account, so an upload cannot probe for others' accounts.
NOT_YOURS = "matches no account you may see"


def _files(paths: Iterable[Path], report: IngestReport) -> list[tuple[Path, Path]]:
    """(file, root for note ids) for every supported file under ``paths``, in a stable order."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            found.extend((file, path) for file in document_files(path))
        elif path.is_file() and path.suffix.lower() in NOTE_SUFFIXES | EMAIL_SUFFIXES:
            found.append((path, path.parent))
        elif path.is_file():
            report.problems.append(f"{path}: not a note (.md, .txt) or e-mail (.eml, .mbox) file")
        else:
            report.problems.append(f"{path}: no such file or directory")
    return found


def _parse(file: Path, root: Path, report: IngestReport) -> list[ParsedDocument]:
    try:
        if file.suffix.lower() in NOTE_SUFFIXES:
            return [parse_note(file, root=root)]
        return parse_email_file(file)
    except NoteFormatError as exc:
        report.problems.extend(f"{file}:{p.line}: {p.field}: {p.message}" for p in exc.problems)
    except (OSError, ValueError) as exc:
        report.problems.append(f"{file}: cannot read: {exc}")
    return []


def _account_of(doc: ParsedDocument, session: Session, report: IngestReport) -> str | None:
    """The account a parsed document belongs to, or None after reporting why it is skipped."""
    opportunity_account = None
    if doc.opportunity_id is not None:
        row = session.execute(
            select(col(Opportunity.account_id)).where(col(Opportunity.id) == doc.opportunity_id)
        ).first()
        if row is None:
            unknown = f"unknown opportunity {doc.opportunity_id!r}"
            report.problems.append(f"{doc.source}: {doc.id}: opportunity_id: {unknown}")
            return None
        opportunity_account = str(row[0])
    if doc.account_id is None and opportunity_account is not None:
        return opportunity_account
    link = link_account(doc, session)
    if not link.matched:
        report.unmatched.append(UnmatchedDocument(source=doc.source, document_id=doc.id, reason=link.reason))
        return None
    if opportunity_account is not None and opportunity_account != link.account_id:
        report.problems.append(
            f"{doc.source}: {doc.id}: opportunity_id: opportunity {doc.opportunity_id!r} belongs to account "
            f"{opportunity_account!r}, not {link.account_id!r}"
        )
        return None
    return link.account_id


def _upsert(session: Session, row: Document) -> bool:
    """Insert or update ``row``; True when the database changed."""
    existing = session.get(Document, row.id)
    if existing is None:
        session.add(row)
        return True
    changed = False
    for name in (*_COMPARED, "language", "original", "content_hash"):
        value = getattr(row, name)
        current = getattr(existing, name)
        same = _utc(current) == _utc(value) if name == "occurred_at" else current == value
        if not same:
            setattr(existing, name, value)
            changed = changed or name in _COMPARED
    return changed


def _utc(value: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes; the CRM stores UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def ingest_paths(
    session: Session,
    paths: Sequence[Path],
    *,
    store: ChunkStore,
    progress: bool = False,
    config: ChunkingConfig | None = None,
    keyword_cache: KeywordCache | None = None,
    user: User | None = None,
) -> IngestReport:
    """Parse note/e-mail files (or folders of them), upsert their Document rows, and index them.

    With ``user`` (an upload through a channel), a document whose account that user may not see is
    reported as unmatched, exactly like one that matches no account, and nothing of it is written.

    Re-ingesting unchanged files writes nothing; a changed document has its chunks replaced.
    Unreadable files and invalid notes are listed in ``problems`` and skipped; e-mails that match
    no account in ``unmatched`` with the reason. Commits ``session`` before touching the index.
    With ``keyword_cache``, the keyword index is brought up to date at the end (when anything was
    written), so the next search does not pay for it.
    """
    report = IngestReport()
    seen: set[str] = set()
    rows: list[Document] = []
    status: dict[str, str] = {}
    for file, root in _files(paths, report):
        for doc in _parse(file, root, report):
            report.attachments_ignored.extend(
                f"{doc.source}: {doc.id}: {note.removeprefix('attachment ignored: ')}"
                for note in doc.notes
                if note.startswith("attachment ignored")
            )
            report.warnings.extend(
                f"{doc.source}: {doc.id}: {note}" for note in doc.notes if not note.startswith("attachment ignored")
            )
            if doc.id in seen:
                report.warnings.append(f"{doc.source}: {doc.id}: the same id was read before; skipped")
                continue
            seen.add(doc.id)
            account_id = _account_of(doc, session, report)
            if (
                account_id is not None
                and user is not None
                and not can_see_account(session, user=user, account_id=account_id)
            ):
                report.unmatched.append(UnmatchedDocument(source=doc.source, document_id=doc.id, reason=NOT_YOURS))
                account_id = None
            if account_id is None:
                continue
            if not doc.body.strip():
                report.warnings.append(f"{doc.source}: {doc.id}: no text of its own; skipped")
                continue
            row = doc.to_model(account_id)
            is_new = session.get(Document, row.id) is None
            changed = _upsert(session, row)
            status[row.id] = "added" if is_new else ("updated" if changed else "unchanged")
            rows.append(session.get(Document, row.id) or row)
    if user is not None:
        _hide_other_accounts(report)
    session.commit()
    with _Bar(len(rows), enabled=progress) as bar:
        indexed = _index(rows, store=store, config=config or ChunkingConfig(), report=report, bar=bar)
    for row in rows:
        outcome = status[row.id]
        if outcome == "unchanged" and indexed[row.id] != "unchanged":
            outcome = "updated"  # the row was current but its chunks were missing or stale
        _count(report, outcome)
    _refresh(report, store, keyword_cache)
    return report


def ingest_database(
    session: Session,
    *,
    store: ChunkStore,
    progress: bool = False,
    config: ChunkingConfig | None = None,
    prune: bool = True,
    keyword_cache: KeywordCache | None = None,
) -> IngestReport:
    """Index every Document row; with ``prune``, drop the chunks of documents no longer in the database.

    ``keyword_cache`` as for :func:`ingest_paths`.
    """
    report = IngestReport()
    config = config or ChunkingConfig()
    ids = [str(i) for i in session.execute(select(col(Document.id)).order_by(col(Document.id))).scalars()]
    with _Bar(len(ids), enabled=progress) as bar:
        for start in range(0, len(ids), 500):
            query = select(Document).where(col(Document.id).in_(ids[start : start + 500]))
            batch = sorted(session.execute(query).scalars(), key=lambda d: d.id)
            for outcome in _index(batch, store=store, config=config, report=report, bar=bar).values():
                _count(report, outcome)
    if prune:
        gone = sorted(store.document_ids() - set(ids))
        if gone:
            report.chunks_deleted += store.delete_documents(gone)
            report.documents_deleted = len(gone)
    _refresh(report, store, keyword_cache)
    return report


def delete_document(
    document_id: str,
    *,
    store: ChunkStore,
    session: Session | None = None,
    keyword_cache: KeywordCache | None = None,
) -> int:
    """Remove a document's chunks from the index (and its row, when ``session`` is given); returns chunks removed."""
    if session is not None:
        row = session.get(Document, document_id)
        if row is not None:
            session.delete(row)
            session.commit()
    removed = store.delete_documents([document_id])
    if removed and keyword_cache is not None:
        keyword_cache.get(store)
    return removed


def _hide_other_accounts(report: IngestReport) -> None:
    """Give an uploader one answer for "no account", "someone else's account" and "someone else's deal"."""
    report.unmatched = [u.model_copy(update={"reason": NOT_YOURS}) for u in report.unmatched]
    report.problems = [
        problem.split(": opportunity_id: ", 1)[0] + f": opportunity_id: {NOT_YOURS}"
        if ": opportunity_id: " in problem
        else problem
        for problem in report.problems
    ]


def _refresh(report: IngestReport, store: ChunkStore, keyword_cache: KeywordCache | None) -> None:
    if keyword_cache is not None and (report.chunks_written or report.chunks_deleted):
        keyword_cache.get(store)


def _count(report: IngestReport, outcome: str) -> None:
    if outcome == "added":
        report.documents_added += 1
    elif outcome == "updated":
        report.documents_updated += 1
    else:
        report.documents_unchanged += 1


def _index(
    documents: Sequence[Document],
    *,
    store: ChunkStore,
    config: ChunkingConfig,
    report: IngestReport,
    bar: _Bar,
) -> dict[str, str]:
    """Bring the chunks of ``documents`` up to date; returns id -> added/updated/unchanged (in the index)."""
    outcome: dict[str, str] = {}
    for start in range(0, len(documents), _BATCH):
        batch = documents[start : start + _BATCH]
        stored = store.document_hashes([d.id for d in batch])
        stale = [d for d in batch if stored.get(d.id) != document_hash(d, config)]
        stale_ids = {d.id for d in stale}
        for doc in batch:
            outcome[doc.id] = "unchanged" if doc.id not in stale_ids else ("updated" if doc.id in stored else "added")
        if stale:
            chunks: list[DocumentChunk] = []
            for doc in stale:
                chunks.extend(chunk_document(doc, config, keyword_tokens=tokenize))
            vectors = store.embedder.embed_documents([passage_text(chunk.text) for chunk in chunks])
            deleted, written = store.replace_documents([d.id for d in stale], chunks, vectors)
            report.chunks_deleted += deleted
            report.chunks_written += written
        bar.advance(len(batch))
    return outcome


class _Bar:
    """A progress bar on stderr (rich), or nothing when disabled."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self._progress = Progress(console=Console(stderr=True), disable=not enabled, transient=False)
        self._task: TaskID = self._progress.add_task("indexing documents", total=total)

    def __enter__(self) -> _Bar:
        self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._progress.stop()

    def advance(self, count: int) -> None:
        self._progress.advance(self._task, count)
