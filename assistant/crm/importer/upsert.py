"""Writing validated rows: insert new ids, update changed ones, leave identical ones alone.

Existing rows are fetched in bulk and compared first, so the counts are exact and a re-import of
the same files writes nothing. New and changed rows go out in batches as the dialect's
``INSERT ... ON CONFLICT (id) DO UPDATE``; the update sets only the columns the file has.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel

from assistant.crm.importer.cells import default_value
from assistant.crm.importer.cycles import parents_first
from assistant.crm.importer.dbfetch import chunked, id_in, rows_by_id
from assistant.crm.importer.rows import ParsedFile
from assistant.crm.models import ActivityContact, Document

WRITE_BATCH = 1000
Counts = dict[str, int]


def _comparable(value: Any) -> Any:
    # Money is Numeric(asdecimal=False): the database hands back floats.
    return float(value) if isinstance(value, Decimal) else value


def _same(old: dict[str, Any], new: dict[str, Any], columns: Iterable[str]) -> bool:
    return all(_comparable(old[name]) == _comparable(new[name]) for name in columns)


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def write_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]], update: Sequence[str]) -> None:
    """Upsert ``rows`` (all with the same keys) by ``id``; on conflict set only ``update`` columns."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        base: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        base = sqlite.insert(table)
    else:  # pragma: no cover - make_engine accepts only these two
        raise RuntimeError(f"unsupported database dialect: {dialect}")
    if update:
        statement = base.on_conflict_do_update(index_elements=["id"], set_={c: base.excluded[c] for c in update})
    else:
        statement = base.on_conflict_do_nothing(index_elements=["id"])
    for batch in chunked(rows, WRITE_BATCH):
        session.execute(statement, list(batch))


def _contact_links(session: Session, parsed: ParsedFile, counts: Counts, touched: set[str]) -> None:
    """Replace the attendee set of every imported activity whose set differs from the stored one."""
    links = _table(ActivityContact)
    wanted = {row.values["id"]: set(row.values.get("contact_ids") or ()) for row in parsed.rows}
    current: dict[str, set[str]] = defaultdict(set)
    for part in chunked(sorted(wanted)):
        query = select(links.c.activity_id, links.c.contact_id).where(id_in(session, links.c.activity_id, part))
        for activity_id, contact_id in session.execute(query):
            current[activity_id].add(contact_id)
    changed = [key for key in wanted if wanted[key] != current.get(key, set())]
    for part in chunked([key for key in changed if key in current]):
        session.execute(delete(links).where(id_in(session, links.c.activity_id, part)))
    new_links = [{"activity_id": key, "contact_id": contact} for key in changed for contact in sorted(wanted[key])]
    for batch in chunked(new_links, WRITE_BATCH):
        session.execute(insert(links), list(batch))
    for key in changed:
        if key not in touched:
            counts["unchanged"] -= 1
            counts["updated"] += 1


def upsert_file(session: Session, parsed: ParsedFile) -> Counts:
    """Write one validated file; returns ``{"inserted", "updated", "unchanged"}`` row counts."""
    spec = parsed.spec
    table = spec.table
    stored = [c for c in spec.columns if c.stored]
    managed = [name for name in parsed.columns if name != "id" and (c := spec.column(name)) is not None and c.stored]
    by_id = {row.values["id"]: row.values for row in parsed.rows}
    order = list(by_id)
    if spec.parent_column in parsed.columns:
        order = parents_first(order, {key: by_id[key].get(str(spec.parent_column)) for key in order})
    existing = rows_by_id(session, table, managed, order)
    counts: Counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    pending: list[dict[str, Any]] = []
    touched: set[str] = set()
    for key in order:
        values = by_id[key]
        old = existing.get(key)
        if old is not None and _same(old, values, managed):
            counts["unchanged"] += 1
            continue
        counts["inserted" if old is None else "updated"] += 1
        touched.add(key)
        pending.append({c.name: values[c.name] if c.name in parsed.columns else default_value(c) for c in stored})
    write_rows(session, table, pending, managed)
    if spec.name == "activities" and "contact_ids" in parsed.columns:
        _contact_links(session, parsed, counts, touched)
    return counts


def upsert_documents(session: Session, documents: Sequence[Document]) -> tuple[Counts, list[str]]:
    """Write documents by id like CSV rows; returns the counts and the ids inserted or updated (sorted)."""
    table = _table(Document)
    columns = [c.name for c in table.columns if c.name != "id"]
    wanted = {doc.id: {"id": doc.id, **{name: getattr(doc, name) for name in columns}} for doc in documents}
    existing = rows_by_id(session, table, columns, wanted)
    counts: Counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    pending: list[dict[str, Any]] = []
    for key in sorted(wanted):
        old = existing.get(key)
        if old is not None and _same(old, wanted[key], columns):
            counts["unchanged"] += 1
            continue
        counts["inserted" if old is None else "updated"] += 1
        pending.append(wanted[key])
    write_rows(session, table, pending, columns)
    return counts, [row["id"] for row in pending]
