"""``tillage import DIR``: CSV validation and an all-or-nothing, idempotent upsert (import-format.md).

Layout: :mod:`.schema` (what each file holds), :mod:`.csvread` (bytes to records), :mod:`.cells`
(one cell to a value), :mod:`.rows` (header and row checks), :mod:`.validate` (checks across
rows, files and the database), :mod:`.upsert` (writing), :mod:`.run` (the transaction).
"""

from __future__ import annotations

from assistant.crm.importer.issues import ImportIssue
from assistant.crm.importer.run import DocumentLoader, ImportReport, import_directory
from assistant.crm.importer.schema import FILES, REQUIRED_FILES

__all__ = ["FILES", "REQUIRED_FILES", "DocumentLoader", "ImportIssue", "ImportReport", "import_directory"]
