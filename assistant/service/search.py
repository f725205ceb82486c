"""Document service area: ingest notes and e-mails, and search the ones a user may see."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date
from pathlib import Path

from assistant.crm.access import get_user
from assistant.crm.documents.loader import EMAIL_SUFFIXES, NOTE_SUFFIXES
from assistant.service.chat import ChatService
from index.ingest import IngestReport, ingest_database, ingest_paths
from index.retrieval import SearchMode, SearchResult, search
from tools.lookup import resolve_account

UPLOAD_SUFFIXES = frozenset(NOTE_SUFFIXES | EMAIL_SUFFIXES)


class SearchService(ChatService):
    """``tillage ingest``, ``tillage search`` and ``POST /v1/documents``."""

    def ingest(self, paths: list[Path] | None = None, *, progress: bool = False) -> IngestReport:
        """Index note and e-mail files (stored as Documents first); without paths, every stored Document."""
        self.migrate()
        index = self.document_index
        with self.session() as session:
            if paths:
                return ingest_paths(session, paths, store=index.store(), progress=progress, keyword_cache=index.cache)
            return ingest_database(session, store=index.store(), progress=progress, keyword_cache=index.cache)

    def ingest_document(self, content: bytes, *, filename: str, user_email: str) -> IngestReport:
        """Ingest one uploaded note or e-mail as ``user_email``.

        The document must belong to an account the user may see; otherwise it is reported as
        unmatched (the same words whether no account or someone else's matched) and nothing is
        written. Raises ValueError naming the reason when nothing was ingested, or for a file type
        that is not a note or an e-mail.
        """
        suffix = Path(filename).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            allowed = ", ".join(sorted(UPLOAD_SUFFIXES))
            raise ValueError(f"filename: {filename!r} is not a note or an e-mail ({allowed})")
        index = self.document_index
        with self.session() as session, tempfile.TemporaryDirectory(prefix="tillage-upload-") as folder:
            user = get_user(session, email=user_email)
            # Named by content: the uploader's file name never becomes a path here, and a note without
            # an id in its front matter gets a stable id of its own (note:upload-<hash>.md).
            path = Path(folder) / f"upload-{hashlib.sha256(content).hexdigest()[:16]}{suffix}"
            path.write_bytes(content)
            report = ingest_paths(session, [path], store=index.store(), keyword_cache=index.cache, user=user)
        accepted = report.documents_added + report.documents_updated + report.documents_unchanged
        if not accepted:
            reasons = [item.reason for item in report.unmatched] + report.problems + report.warnings
            raise ValueError("document: not ingested: " + ("; ".join(reasons) or "no note or e-mail text found"))
        return report

    def search_documents(
        self,
        query: str,
        *,
        user_email: str,
        account: str | None = None,
        kind: str | None = None,
        since: date | None = None,
        until: date | None = None,
        k: int = 10,
        mode: SearchMode = "hybrid",
    ) -> SearchResult:
        """Rank the chunks of the documents ``user_email`` may see; ``account`` is a name or an id."""
        index = self.document_index
        with self.session() as session:
            user = get_user(session, email=user_email)
            account_id = resolve_account(session, user=user, ref=account).id if account else None
            return search(
                session,
                store=index.store(),
                user=user,
                query=query,
                account=account_id,
                kind=kind,
                since=since,
                until=until,
                k=k,
                mode=mode,
                cache=index.cache,
            )
