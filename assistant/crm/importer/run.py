"""``import_directory``: read, validate and write an import directory in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from assistant.crm.dedupe import find_duplicate_pairs, load_account_facts
from assistant.crm.importer.csvread import read_csv
from assistant.crm.importer.dbfetch import existing_ids
from assistant.crm.importer.issues import ImportIssue
from assistant.crm.importer.rows import ParsedFile, parse_table
from assistant.crm.importer.schema import BY_NAME, FILES, REQUIRED_FILES
from assistant.crm.importer.upsert import Counts, upsert_documents, upsert_file
from assistant.crm.importer.validate import validate
from assistant.crm.models import Document

DOCUMENTS_FOLDER = "documents"
_ORDER = {spec.filename: index for index, spec in enumerate(FILES)}
_NOUNS = {"accounts": "account", "opportunities": "opportunity"}


class ImportReport(BaseModel):
    """The outcome of an import: ``ok`` only when everything was written.

    ``counts`` maps each file (``users.csv``, ..., ``documents``) to its ``inserted``, ``updated`` and
    ``unchanged`` rows; it is empty when the import failed, since then nothing was written.
    """

    ok: bool
    errors: list[ImportIssue] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    counts: dict[str, dict[str, int]] = Field(default_factory=dict)
    changed_documents: list[str] = Field(default_factory=list, description="Ids of documents inserted or updated.")


class DocumentLoader(Protocol):
    """Parses the ``documents/`` folder of an import.

    Called inside the import transaction with a session that already holds the imported CSV rows
    (flushed, not committed), so documents can link to accounts and contacts of the same import.
    Returns the documents (not added to the session: the importer upserts them by id), problems
    as :class:`ImportIssue` (any problem aborts the whole import) and warnings.
    """

    def __call__(
        self, directory: Path, session: Session, /
    ) -> tuple[Sequence[Document], Sequence[ImportIssue], Sequence[str]]:
        """Load the documents under ``directory``."""
        ...


def _sorted(issues: list[ImportIssue]) -> list[ImportIssue]:
    # Stable: within one row, problems keep the order the checks found them in (column order).
    return sorted(issues, key=lambda i: (_ORDER.get(i.file, len(_ORDER)), i.file, i.row))


def _read(directory: Path, issues: list[ImportIssue], warnings: list[str]) -> dict[str, ParsedFile]:
    files: dict[str, ParsedFile] = {}
    for spec in FILES:
        path = directory / spec.filename
        if path.is_file():
            files[spec.name] = parse_table(spec, read_csv(path, spec.filename), issues, warnings)
        elif spec.name in REQUIRED_FILES:
            issues.append(ImportIssue(file=spec.filename, row=0, column="-", message="required file is missing"))
    for path in sorted(directory.glob("*.csv")):
        if path.name not in _ORDER:
            warnings.append(f"{path.name}: ignoring unknown file")
    return files


def _documents(
    session: Session, folder: Path, loader: DocumentLoader, issues: list[ImportIssue], warnings: list[str]
) -> tuple[Counts, list[str]]:
    documents, problems, notes = loader(folder, session)
    issues.extend(problems)
    warnings.extend(notes)
    for document in documents:
        if document in session:
            session.expunge(document)
    seen: set[str] = set()
    for document in documents:
        if document.id in seen:
            issues.append(
                ImportIssue(file=DOCUMENTS_FOLDER, row=0, column="id", message=f"duplicate id {document.id!r}")
            )
        seen.add(document.id)
    for column, target in (("account_id", "accounts"), ("opportunity_id", "opportunities")):
        wanted = {getattr(d, column) for d in documents if getattr(d, column)}
        known = existing_ids(session, BY_NAME[target].table, wanted)
        for document in documents:
            value = getattr(document, column)
            if value and value not in known:
                message = f"document {document.id!r}: unknown {_NOUNS[target]} {value!r}"
                issues.append(ImportIssue(file=DOCUMENTS_FOLDER, row=0, column=column, message=message))
    if issues:
        return {}, []
    return upsert_documents(session, documents)


def _write(
    session: Session,
    files: dict[str, ParsedFile],
    directory: Path,
    documents: DocumentLoader | None,
    issues: list[ImportIssue],
    warnings: list[str],
) -> tuple[dict[str, Counts], list[str]]:
    counts = {parsed.spec.filename: upsert_file(session, parsed) for parsed in files.values()}
    session.flush()
    imported = [row.values["id"] for row in files["accounts"].rows] if "accounts" in files else []
    for pair in find_duplicate_pairs(load_account_facts(session), among=imported):
        warnings.append(f"possible duplicate accounts: {pair.describe()}")
    folder = directory / DOCUMENTS_FOLDER
    changed: list[str] = []
    if folder.is_dir():
        if documents is None:
            warnings.append(f"{DOCUMENTS_FOLDER}/: skipped (no document loader configured)")
        else:
            counts[DOCUMENTS_FOLDER], changed = _documents(session, folder, documents, issues, warnings)
    return counts, changed


def import_directory(engine: Engine, directory: Path, *, documents: DocumentLoader | None = None) -> ImportReport:
    """Import the CSV files (and, with a loader, the documents) of ``directory``: all or nothing.

    Every file present is validated against the others and the database before anything is
    written; any problem rolls everything back and is reported as ``FILE:ROW: COLUMN: message``.
    Rows are upserted by ``id``, so importing the same files twice changes nothing.
    """
    issues: list[ImportIssue] = []
    warnings: list[str] = []
    if not directory.is_dir():
        issue = ImportIssue(file=str(directory), row=0, column="-", message="not a directory")
        return ImportReport(ok=False, errors=[issue])
    files = _read(directory, issues, warnings)
    counts: dict[str, Counts] = {}
    changed: list[str] = []
    with Session(engine, expire_on_commit=False) as session:
        try:
            validate(files, session, issues)
            if not issues:
                counts, changed = _write(session, files, directory, documents, issues, warnings)
        except IntegrityError as exc:
            # The checks above should leave nothing for the database to refuse; if it still does, say so.
            session.rollback()
            detail = str(exc.orig).strip().splitlines()[0]
            issues.append(ImportIssue(file="-", row=0, column="-", message=f"database refused the import: {detail}"))
        except BaseException:
            session.rollback()
            raise
        if issues:
            session.rollback()
            return ImportReport(ok=False, errors=_sorted(issues), warnings=warnings)
        session.commit()
    return ImportReport(ok=True, warnings=warnings, counts=counts, changed_documents=changed)
