"""Decoding and splitting one CSV file: UTF-8 (BOM accepted), a header row, records numbered from 1.

Bytes that are not UTF-8 are kept as lone surrogates (``surrogateescape``) so the CSV structure
survives and each bad cell can be reported with its row and column, instead of one vague
"cannot decode" for the whole file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.crm.importer.issues import ImportIssue

_BOM = b"\xef\xbb\xbf"
_BAD_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(slots=True)
class CsvRecord:
    """One data row: ``row`` counts the header as 1; ``cells`` are stripped.

    ``malformed`` rows have the wrong number of cells (cells cannot be matched to columns);
    ``bad_cells`` are the positions of cells holding bytes that are not UTF-8.
    """

    row: int
    cells: list[str]
    malformed: bool = False
    bad_cells: frozenset[int] = frozenset()


@dataclass(slots=True)
class CsvTable:
    """A file's header (names stripped and lower-cased), its data rows and the problems found reading it."""

    file: str
    header: list[str] = field(default_factory=list)
    records: list[CsvRecord] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)


def _bad_byte_message(text: str) -> str:
    match = _BAD_BYTE.search(text)
    byte = ord(match.group()) - 0xDC00 if match else 0
    return f"invalid UTF-8 byte 0x{byte:02X} (save the file as UTF-8)"


def read_csv(path: Path, file: str) -> CsvTable:
    """Read ``path``; problems are collected in the result (reported as ``file``), never raised."""
    table = CsvTable(file)
    raw = path.read_bytes()
    raw = raw.removeprefix(_BOM)
    if not raw.strip():
        table.issues.append(ImportIssue(file=file, row=1, column="-", message="file is empty"))
        return table
    text = raw.decode("utf-8", errors="surrogateescape")
    check_bytes = _BAD_BYTE.search(text) is not None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row = 0
    try:
        for row, cells in enumerate(reader, start=1):
            if row == 1:
                if check_bytes and any(_BAD_BYTE.search(cell) for cell in cells):
                    message = "header: " + _bad_byte_message("".join(cells))
                    table.issues.append(ImportIssue(file=file, row=1, column="-", message=message))
                    return table
                table.header = [cell.strip().lower() for cell in cells]
                continue
            stripped = [cell.strip() for cell in cells]
            if not any(stripped):
                continue
            record = CsvRecord(row, stripped)
            if check_bytes:
                bad = frozenset(i for i, cell in enumerate(stripped) if _BAD_BYTE.search(cell))
                for i in sorted(bad):
                    column = table.header[i] if i < len(table.header) else "-"
                    issue = ImportIssue(file=file, row=row, column=column, message=_bad_byte_message(stripped[i]))
                    table.issues.append(issue)
                record.bad_cells = bad
            if len(stripped) != len(table.header):
                message = f"expected {len(table.header)} cells as in the header, found {len(stripped)}"
                table.issues.append(ImportIssue(file=file, row=row, column="-", message=message))
                record.malformed = True
            table.records.append(record)
    except csv.Error as exc:
        message = f"malformed CSV ({exc}); the rest of the file was not read"
        table.issues.append(ImportIssue(file=file, row=row + 1, column="-", message=message))
    return table
