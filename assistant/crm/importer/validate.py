"""Checks across rows, files and the existing database: duplicate ids, unique users, references, cycles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from assistant.crm.importer.cycles import find_cycles
from assistant.crm.importer.dbfetch import chunked, column_by_id, existing_ids
from assistant.crm.importer.issues import ImportIssue
from assistant.crm.importer.rows import ParsedFile
from assistant.crm.importer.schema import BY_NAME

_NOUNS = {
    "users": "user",
    "accounts": "account",
    "contacts": "contact",
    "opportunities": "opportunity",
    "leads": "lead",
}


def _issue(parsed: ParsedFile, row: int, column: str, message: str) -> ImportIssue:
    return ImportIssue(file=parsed.spec.filename, row=row, column=column, message=message)


def check_duplicate_ids(parsed: ParsedFile, issues: list[ImportIssue]) -> None:
    """Report every row repeating an earlier row's id, naming both rows."""
    first: dict[str, int] = {}
    for row in parsed.rows:
        key = row.values.get("id")
        if key is None:
            continue
        if key in first:
            issues.append(_issue(parsed, row.row, "id", f"duplicate id {key!r} (rows {first[key]} and {row.row})"))
        else:
            first[key] = row.row


def check_unique_users(users: ParsedFile, session: Session, issues: list[ImportIssue]) -> None:
    """E-mails (case-insensitive) and Slack ids must name one user, in the file and against the database."""
    imported = {row.values["id"] for row in users.rows if "id" in row.values}
    for column, fold in (("email", True), ("slack_user_id", False)):
        seen: dict[str, int] = {}
        for row in users.rows:
            value = row.values.get(column)
            if value is None:
                continue
            key = value.lower() if fold else value
            if key in seen:
                issues.append(_issue(users, row.row, column, f"{value!r} is also on row {seen[key]}"))
            else:
                seen[key] = row.row
        table = users.spec.table
        stored: ColumnElement[Any] = func.lower(table.c.email) if fold else table.c.slack_user_id
        owners: dict[str, str] = {}
        for part in chunked(sorted(seen)):
            for user_id, key in session.execute(select(table.c.id, stored).where(stored.in_(part))):
                owners[key] = user_id
        for row in users.rows:
            value = row.values.get(column)
            if value is None:
                continue
            owner = owners.get(value.lower() if fold else value)
            if owner is not None and owner != row.values.get("id") and owner not in imported:
                issues.append(_issue(users, row.row, column, f"{value!r} already belongs to user {owner!r}"))


def _references(parsed: ParsedFile) -> Iterator[tuple[str, str, int, str]]:
    """(column, target file, row, referenced id) for every reference cell, in column then row order."""
    for spec in parsed.spec.columns:
        if spec.ref is None or spec.name not in parsed.columns:
            continue
        for row in parsed.rows:
            value = row.values.get(spec.name)
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    yield spec.name, spec.ref, row.row, item


def check_references(files: dict[str, ParsedFile], session: Session, issues: list[ImportIssue]) -> None:
    """Every reference must name a row of the import or of the database."""
    known: dict[str, set[str]] = {}
    for name, parsed in files.items():
        known[name] = {row.values["id"] for row in parsed.rows if "id" in row.values} | parsed.broken_ids
    wanted: dict[str, set[str]] = defaultdict(set)
    for parsed in files.values():
        for _, target, _, item in _references(parsed):
            if item not in known.get(target, ()):
                wanted[target].add(item)
    stored = {target: existing_ids(session, BY_NAME[target].table, ids) for target, ids in sorted(wanted.items())}
    for parsed in files.values():
        for column, target, row, item in _references(parsed):
            if item in known.get(target, ()) or item in stored.get(target, ()):
                continue
            message = f"unknown {_NOUNS[target]} {item!r} (neither in {target}.csv nor in the database)"
            issues.append(_issue(parsed, row, column, message))


def fill_default_owners(files: dict[str, ParsedFile], session: Session) -> None:
    """An opportunity without ``owner_id`` belongs to its account's owner (from the import, else the database)."""
    opportunities = files.get("opportunities")
    if opportunities is None:
        return
    owners: dict[str, str] = {}
    if "accounts" in files:
        owners = {
            row.values["id"]: row.values["owner_id"]
            for row in files["accounts"].rows
            if row.values.get("id") and row.values.get("owner_id")
        }
    orphans = [row for row in opportunities.rows if row.values.get("owner_id") is None]
    missing = {account for row in orphans if (account := row.values.get("account_id")) and account not in owners}
    owners.update(column_by_id(session, BY_NAME["accounts"].table, "owner_id", missing))
    for row in orphans:
        owner = owners.get(row.values.get("account_id", ""))
        if owner is not None:
            row.values["owner_id"] = owner
    if "owner_id" not in opportunities.columns:
        managed = {*opportunities.columns, "owner_id"}
        opportunities.columns = tuple(c.name for c in opportunities.spec.columns if c.name in managed)


def check_cycles(parsed: ParsedFile, session: Session, issues: list[ImportIssue]) -> None:
    """A file's self-references, with the stored ones they reach, must not loop."""
    column = parsed.spec.parent_column
    if column is None or column not in parsed.columns:
        return
    rows = {row.values["id"]: row.row for row in reversed(parsed.rows) if "id" in row.values}
    parent_of = {row.values["id"]: row.values.get(column) for row in parsed.rows if "id" in row.values}
    order = sorted(rows, key=rows.__getitem__)
    table = parsed.spec.table

    def fetch(ids: set[str]) -> dict[str, str | None]:
        return column_by_id(session, table, column, ids)

    for cycle in find_cycles(order, parent_of, fetch):
        path = " -> ".join([*cycle, cycle[0]])
        # A cycle found only among stored rows (a damaged database) is reported for the whole file.
        issues.append(_issue(parsed, rows.get(cycle[0], 0), column, f"{column} forms a cycle: {path}"))


def validate(files: dict[str, ParsedFile], session: Session, issues: list[ImportIssue]) -> None:
    """All cross-row checks; fills default opportunity owners once references are known to be sound."""
    for parsed in files.values():
        check_duplicate_ids(parsed, issues)
    if "users" in files:
        check_unique_users(files["users"], session, issues)
    check_references(files, session, issues)
    fill_default_owners(files, session)
    for parsed in files.values():
        check_cycles(parsed, session, issues)
