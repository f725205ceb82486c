"""Turning a read CSV table into typed rows for one import file, checking header and cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.crm.importer.cells import CellError, default_value, read_cell
from assistant.crm.importer.csvread import CsvTable
from assistant.crm.importer.issues import ImportIssue
from assistant.crm.importer.schema import FileSpec


@dataclass(slots=True)
class ParsedRow:
    """One data row: ``values`` holds every readable cell of the known columns (empty -> default)."""

    row: int
    values: dict[str, Any]


@dataclass(slots=True)
class ParsedFile:
    """A file's typed rows.

    ``columns`` are the known columns its header has, in spec order: only these are written on
    update, so a file without, say, ``legal_rep`` leaves existing values alone. ``broken_ids`` are
    ids of rows that could not be read (already reported), so references to them are not reported
    a second time as unknown.
    """

    spec: FileSpec
    columns: tuple[str, ...] = ()
    rows: list[ParsedRow] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)


def _check_header(spec: FileSpec, table: CsvTable, issues: list[ImportIssue], warnings: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for position, name in enumerate(table.header):
        if name in positions:
            issues.append(ImportIssue(file=spec.filename, row=1, column=name, message="duplicate column"))
            continue
        positions[name] = position
        if spec.column(name) is None:
            unknown.append(name or "(empty name)")
    if unknown:
        warnings.append(f"{spec.filename}: ignoring unknown columns: {', '.join(unknown)}")
    for column in spec.columns:
        if column.required and column.name not in positions:
            issues.append(
                ImportIssue(file=spec.filename, row=1, column=column.name, message="required column is missing")
            )
    return positions


def parse_table(spec: FileSpec, table: CsvTable, issues: list[ImportIssue], warnings: list[str]) -> ParsedFile:
    """Check the header and read every cell; problems go to ``issues``, unknown columns to ``warnings``."""
    issues.extend(table.issues)
    if not table.header:
        return ParsedFile(spec)
    positions = _check_header(spec, table, issues, warnings)
    present = [(c, positions[c.name], spec.max_length(c.name)) for c in spec.columns if c.name in positions]
    parsed = ParsedFile(spec, tuple(column.name for column, _, _ in present))
    id_position = positions.get("id")
    for record in table.records:
        cells = record.cells
        if record.malformed:
            if id_position is not None and id_position < len(cells) and cells[id_position]:
                parsed.broken_ids.add(cells[id_position])
            continue
        values: dict[str, Any] = {}
        for column, position, max_length in present:
            if position in record.bad_cells:
                continue
            raw = cells[position]
            if not raw:
                if column.required:
                    issues.append(
                        ImportIssue(
                            file=spec.filename, row=record.row, column=column.name, message="required value is missing"
                        )
                    )
                    continue
                values[column.name] = default_value(column)
                continue
            try:
                values[column.name] = read_cell(column, raw, max_length)
            except CellError as exc:
                issues.append(ImportIssue(file=spec.filename, row=record.row, column=column.name, message=str(exc)))
        parsed.rows.append(ParsedRow(record.row, values))
    return parsed
