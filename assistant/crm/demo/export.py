"""Export the CRM database in exactly the import format (shared/import-format.md).

CSV files with the contract's columns in its order, rows sorted by id (byte order, on every
database), ``true``/``false``, ISO dates, ISO date-times with offset (UTC), ``;``-joined lists and
empty cells for null; documents as files under ``documents/``. Exporting a generated world twice
gives byte-identical files, which is what the importer's round-trip tests rely on.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, func, select
from sqlmodel import SQLModel

import assistant.crm.models  # noqa: F401  (registers the CRM tables on SQLModel.metadata)
from assistant.crm.demo.render import email_file, note_file

#: file -> (table, columns in the order of the import format).
CSV_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "users.csv": ("users", ("id", "email", "name", "role", "manager_id", "team", "slack_user_id")),
    "accounts.csv": (
        "accounts",
        (
            "id",
            "name",
            "aliases",
            "registry_id",
            "industry",
            "region",
            "employees",
            "registered_capital",
            "founded",
            "parent_id",
            "owner_id",
            "status",
            "legal_rep",
        ),
    ),
    "contacts.csv": (
        "contacts",
        (
            "id",
            "account_id",
            "name",
            "title",
            "department",
            "role",
            "influence",
            "stance",
            "strength",
            "layer",
            "email",
            "phone",
            "last_contacted",
        ),
    ),
    "opportunities.csv": (
        "opportunities",
        (
            "id",
            "account_id",
            "name",
            "stage",
            "amount",
            "currency",
            "expected_close",
            "owner_id",
            "status",
            "products",
            "competitor",
            "value_proposition",
            "customer_pain",
            "value_confirmed",
            "f_price",
            "f_product_fit",
            "f_service",
            "f_delivery",
            "f_technical",
            "f_brand",
            "f_relationship",
            "f_commercial",
            "f_responsiveness",
        ),
    ),
    "orders.csv": (
        "orders",
        (
            "id",
            "account_id",
            "opportunity_id",
            "product",
            "amount",
            "ordered_at",
            "due_at",
            "paid_at",
        ),
    ),
    "quotes.csv": ("quotes", ("id", "opportunity_id", "amount", "status")),
    "activities.csv": (
        "activities",
        (
            "id",
            "account_id",
            "contact_ids",
            "opportunity_id",
            "kind",
            "occurred_at",
            "summary",
        ),
    ),
    "tickets.csv": ("tickets", ("id", "account_id", "opened_at", "resolved_at", "severity", "sla_breached")),
    "surveys.csv": ("surveys", ("id", "account_id", "nps", "answered_at")),
    "risk_events.csv": (
        "risk_events",
        (
            "id",
            "account_id",
            "kind",
            "severity",
            "occurred_at",
            "source",
            "details",
        ),
    ),
    "leads.csv": (
        "leads",
        (
            "id",
            "company",
            "contact_name",
            "title",
            "industry",
            "employees",
            "region",
            "created_at",
            "outcome",
            "owner_id",
        ),
    ),
    "lead_events.csv": ("lead_events", ("id", "lead_id", "kind", "occurred_at")),
}
#: Money columns are written with two decimals, whatever float the driver returns.
MONEY_COLUMNS = frozenset({"amount", "registered_capital"})
_BATCH = 5000
_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]")


def export_world(engine: Engine, directory: Path) -> None:
    """Write the whole CRM database to ``directory`` in the import format (CSV files and ``documents/``).

    Existing export files in ``directory`` are overwritten and old ``documents/*.md``/``*.eml`` removed.
    """
    directory.mkdir(parents=True, exist_ok=True)
    documents = directory / "documents"
    documents.mkdir(exist_ok=True)
    for stale in sorted(documents.iterdir()):
        if stale.is_file() and stale.suffix in (".md", ".eml"):
            stale.unlink()
    with engine.connect() as connection:
        for filename, (table_name, columns) in CSV_FILES.items():
            with (directory / filename).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                for row in _rows(connection, table_name):
                    writer.writerow([cell(row.get(column), column) for column in columns])
        _write_documents(connection, documents)


def cell(value: Any, column: str = "") -> str:
    """One CSV cell in the import format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    if column in MONEY_COLUMNS and isinstance(value, int | float | Decimal):
        # SQLite hands back whole amounts as int, PostgreSQL as float: one spelling for both.
        return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _by_id(connection: Connection, column: Column[Any]) -> Any:
    # PostgreSQL would sort by the locale's collation; byte order makes the files identical everywhere.
    return column.collate("C") if connection.dialect.name == "postgresql" else column


def _stream(connection: Connection, table: Table, *order: Column[Any]) -> Iterator[dict[str, Any]]:
    statement = select(table).order_by(*(_by_id(connection, column) for column in order))
    result = connection.execution_options(yield_per=_BATCH).execute(statement)
    for row in result.mappings():
        yield dict(row)


def _rows(connection: Connection, table_name: str) -> Iterator[dict[str, Any]]:
    table = SQLModel.metadata.tables[table_name]
    if table_name != "activities":
        yield from _stream(connection, table, table.c.id)
        return
    links = SQLModel.metadata.tables["activity_contacts"]
    attendees = _stream(connection, links, links.c.activity_id, links.c.contact_id)
    pending = next(attendees, None)
    for row in _stream(connection, table, table.c.id):
        contact_ids: list[str] = []
        # Both streams are in byte order of the activity id, so one pass pairs them.
        while pending is not None and pending["activity_id"] <= row["id"]:
            if pending["activity_id"] == row["id"]:
                contact_ids.append(pending["contact_id"])
            pending = next(attendees, None)
        row["contact_ids"] = contact_ids
        yield row


def _write_documents(connection: Connection, directory: Path) -> None:
    table = SQLModel.metadata.tables["documents"]
    addresses: set[str] = set()
    for row in _stream(connection, table, table.c.id):
        if row["kind"] == "email":
            addresses.update([row["author"] or "", *(row["participants"] or [])])
    names = _display_names(connection, addresses - {""})
    for row in _stream(connection, table, table.c.id):
        original = row["original"] or ""
        if row["kind"] == "email":
            text, suffix = email_file(row, names), ".eml"
        elif original.startswith("---"):
            # A note's original is its whole file, front matter included: keep it as it came.
            text, suffix = original, ".md"
        else:
            text, suffix = note_file(row), ".md"
        (directory / (_UNSAFE.sub("_", row["id"]) + suffix)).write_text(text, encoding="utf-8", newline="")


def _display_names(connection: Connection, addresses: set[str]) -> dict[str, str]:
    """Names for e-mail headers: users, else the first contact (by id) with that address."""
    users = SQLModel.metadata.tables["users"]
    contacts = SQLModel.metadata.tables["contacts"]
    names: dict[str, str] = {}
    wanted = sorted(addresses)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = (
            select(func.lower(contacts.c.email), contacts.c.name)
            .where(func.lower(contacts.c.email).in_(chunk))
            .order_by(_by_id(connection, contacts.c.id))
        )
        for email, name in connection.execute(query):
            names.setdefault(email, name)
    for email, name in connection.execute(select(func.lower(users.c.email), users.c.name)):
        if email in addresses:
            names[email] = name
    return names
