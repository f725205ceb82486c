"""Meeting notes and e-mails as :class:`~assistant.crm.models.Document` records.

Used by ``tillage import`` (``documents/`` folder, via :func:`load_documents`) and by the vector
index's ingestion, which calls the pure parsers directly:

- :func:`parse_note` for ``.md`` / ``.txt`` notes with YAML front matter,
- :func:`parse_email_file` for ``.eml`` / ``.mbox`` (any charset),
- :func:`link_account` to decide a document's account,
- :func:`load_documents` for a whole folder (parse, validate, link; nothing written), and
  :func:`documents_loader`, the same as the triple ``import_directory(documents=...)`` takes.
"""

from __future__ import annotations

from assistant.crm.documents.charsets import decode_bytes, decode_header_value
from assistant.crm.documents.email_clean import clean_body, html_to_text, strip_quoted, strip_signature
from assistant.crm.documents.email_parse import parse_email_bytes, parse_email_file
from assistant.crm.documents.linking import FREE_MAIL_DOMAINS, LinkResult, link_account
from assistant.crm.documents.loader import DocumentLoadResult, document_files, documents_loader, load_documents
from assistant.crm.documents.notes import NoteFormatError, NoteProblem, parse_note, parse_note_text
from assistant.crm.documents.parsed import ParsedDocument, content_hash, detect_language, normalise_text

__all__ = [
    "FREE_MAIL_DOMAINS",
    "DocumentLoadResult",
    "LinkResult",
    "NoteFormatError",
    "NoteProblem",
    "ParsedDocument",
    "clean_body",
    "content_hash",
    "decode_bytes",
    "decode_header_value",
    "detect_language",
    "document_files",
    "documents_loader",
    "html_to_text",
    "link_account",
    "load_documents",
    "normalise_text",
    "parse_email_bytes",
    "parse_email_file",
    "parse_note",
    "parse_note_text",
    "strip_quoted",
    "strip_signature",
]
