"""One problem found while importing, in the ``FILE:ROW: COLUMN: message`` form of the import contract."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ImportIssue(BaseModel):
    """A problem in an import file; ``row`` counts the header as row 1 (0 = the file as a whole).

    ``column`` is ``-`` when the problem is not about one column (a malformed row, a missing file).
    """

    model_config = ConfigDict(frozen=True)

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.message}"
