"""A fast, seeded bulk generator of a large synthetic CRM portfolio for the scoring benchmark.

Rows are generated with numpy and written with the driver's bulk path (``executemany`` on SQLite,
``COPY`` on PostgreSQL) into a database migrated by :func:`assistant.crm.db.upgrade`. Values follow
the storage format SQLAlchemy uses (dates ``YYYY-MM-DD``; UTC date-times), so the ORM reads them back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import Engine
from sqlmodel import SQLModel

ROLES = ("decision_maker", "financial", "technical", "user", "influencer", "coach", "gatekeeper")
LAYERS = ("key", "general", "organizational")
KINDS = ("meeting", "call", "email", "visit", "demo")
EVENTS = ("dishonest_debtor", "legal_rep_change", "lawsuit", "business_abnormal", "negative_news")
COMPETITORS = ("Acme", "Globex", "Initech", "Umbrella")


def _day(base: date, offsets: np.ndarray) -> list[str]:
    origin = base.toordinal()
    return [date.fromordinal(origin - int(o)).isoformat() for o in offsets]


def _stamp(day: str, seconds: int) -> str:
    return f"{day} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000000"


def generate(engine: Engine, *, accounts: int, orders: int, as_of: date, seed: int = 7) -> dict[str, int]:
    """Fill an empty, migrated database; returns the number of rows per table."""
    rng = np.random.default_rng(seed)
    n_reps, n_managers = max(1, accounts // 500), max(1, accounts // 5000)
    users: list[tuple[Any, ...]] = [("admin", "admin@bench.example", "Admin", "admin", None, None, None)]
    users += [
        (f"m{i}", f"m{i}@bench.example", f"Manager {i}", "manager", None, "sales", None) for i in range(n_managers)
    ]
    users += [
        (f"r{i}", f"r{i}@bench.example", f"Rep {i}", "rep", f"m{i % n_managers}", "sales", None) for i in range(n_reps)
    ]
    acc_ids = [f"A{i:07d}" for i in range(accounts)]
    owners = rng.integers(0, n_reps, accounts)
    account_rows = [(aid, f"Account {i}", "[]", f"r{owners[i]}", "active") for i, aid in enumerate(acc_ids)]
    # Orders: account by a skewed draw, ordered within three years, due 30 days later, 88% paid.
    weights = rng.gamma(1.5, 1.0, accounts)
    o_acc = rng.choice(accounts, size=orders, p=weights / weights.sum())
    o_age = rng.integers(0, 3 * 365, orders)
    o_amount = np.round(rng.lognormal(10, 1.2, orders), 2)
    o_paid = rng.random(orders) < 0.88
    o_paid_delay = rng.integers(0, 60, orders)
    ordered = _day(as_of, o_age)
    due = _day(as_of, o_age - 30)
    paid = _day(as_of, o_age - o_paid_delay)
    order_rows = [
        (f"O{i:08d}", acc_ids[o_acc[i]], "P", float(o_amount[i]), ordered[i], due[i], paid[i] if o_paid[i] else None)
        for i in range(orders)
    ]
    opp_rows = [
        (f"OP{i:07d}", aid, f"Deal {i}", 100000.0, "CNY", f"r{owners[i]}", "open", "[]", COMPETITORS[i % 4], False)
        for i, aid in enumerate(acc_ids)
    ]
    quote_rows = [(f"Q{i:07d}", f"OP{i:07d}", 90000.0, "sent") for i in range(accounts)]
    n_contacts = 3 * accounts
    c_acc = np.repeat(np.arange(accounts), 3)
    c_role = rng.integers(0, len(ROLES), n_contacts)
    c_layer = rng.integers(0, len(LAYERS), n_contacts)
    c_last = _day(as_of, rng.integers(0, 400, n_contacts))
    contact_rows = [
        (f"C{i:08d}", acc_ids[c_acc[i]], f"Contact {i}", ROLES[c_role[i]], LAYERS[c_layer[i]], 3, "neutral", c_last[i])
        for i in range(n_contacts)
    ]
    n_acts = 5 * accounts
    a_acc = rng.integers(0, accounts, n_acts)
    a_day = _day(as_of, rng.integers(0, 500, n_acts))
    a_kind = rng.integers(0, len(KINDS), n_acts)
    act_rows = [(f"AC{i:08d}", acc_ids[a_acc[i]], KINDS[a_kind[i]], _stamp(a_day[i], 36000)) for i in range(n_acts)]
    ac_rows = [(f"AC{i:08d}", f"C{3 * a_acc[i] + i % 3:08d}") for i in range(n_acts)]
    t_day = _day(as_of, rng.integers(0, 365, accounts))
    t_res = rng.random(accounts) < 0.8
    ticket_rows = [
        (
            f"T{i:07d}",
            aid,
            _stamp(t_day[i], 3600),
            _stamp(t_day[i], 7200) if t_res[i] else None,
            "low",
            bool(i % 7 == 0),
        )
        for i, aid in enumerate(acc_ids)
    ]
    s_day = _day(as_of, rng.integers(0, 365, accounts // 2))
    survey_rows = [
        (f"S{i:07d}", acc_ids[2 * i], int(rng.integers(0, 11)), _stamp(s_day[i], 0)) for i in range(accounts // 2)
    ]
    n_events = max(1, accounts // 100)
    e_day = _day(as_of, rng.integers(0, 300, n_events))
    event_rows = [
        (f"E{i:06d}", acc_ids[(i * 97) % accounts], EVENTS[i % len(EVENTS)], "medium", _stamp(e_day[i], 0), "bench")
        for i in range(n_events)
    ]
    d_day = _day(as_of, rng.integers(0, 200, accounts))
    doc_rows = [
        (
            f"D{i:07d}",
            aid,
            "meeting_note",
            "[]",
            _stamp(d_day[i], 0),
            "Review",
            f"Discussed pricing vs {COMPETITORS[i % 4]}.",
        )
        for i, aid in enumerate(acc_ids)
    ]
    tables: list[tuple[str, Sequence[str], list[tuple[Any, ...]]]] = [
        ("users", ("id", "email", "name", "role", "manager_id", "team", "slack_user_id"), users),
        ("accounts", ("id", "name", "aliases", "owner_id", "status"), account_rows),
        ("orders", ("id", "account_id", "product", "amount", "ordered_at", "due_at", "paid_at"), order_rows),
        (
            "opportunities",
            (
                "id",
                "account_id",
                "name",
                "amount",
                "currency",
                "owner_id",
                "status",
                "products",
                "competitor",
                "value_confirmed",
            ),
            opp_rows,
        ),
        ("quotes", ("id", "opportunity_id", "amount", "status"), quote_rows),
        (
            "contacts",
            ("id", "account_id", "name", "role", "layer", "influence", "stance", "last_contacted"),
            contact_rows,
        ),
        ("activities", ("id", "account_id", "kind", "occurred_at"), act_rows),
        ("activity_contacts", ("activity_id", "contact_id"), ac_rows),
        ("tickets", ("id", "account_id", "opened_at", "resolved_at", "severity", "sla_breached"), ticket_rows),
        ("surveys", ("id", "account_id", "nps", "answered_at"), survey_rows),
        ("risk_events", ("id", "account_id", "kind", "severity", "occurred_at", "source"), event_rows),
        ("documents", ("id", "account_id", "kind", "participants", "occurred_at", "subject", "body"), doc_rows),
    ]
    _write(engine, tables)
    return {name: len(rows) for name, _, rows in tables}


def _chunks(rows: list[tuple[Any, ...]], size: int = 50_000) -> Iterator[list[tuple[Any, ...]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _write(engine: Engine, tables: list[tuple[str, Sequence[str], list[tuple[Any, ...]]]]) -> None:
    """Load every table; secondary indexes are dropped first and rebuilt from the models afterwards
    (one sort per index instead of millions of random inserts), so the schema ends up identical."""
    import assistant.crm.risk_models  # noqa: F401  (the scoring indexes belong to the metadata)

    names = {name for name, _, _ in tables}
    indexes = [ix for table in SQLModel.metadata.sorted_tables if table.name in names for ix in table.indexes]
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            # A bulk load of a fresh file: no fsync per page, a large page cache.
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-400000")
        for index in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {index.name}")
        for name, columns, rows in tables:
            if engine.dialect.name == "postgresql":
                with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                for chunk in _chunks(rows):
                    cursor.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", chunk)
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as connection:
        for index in indexes:
            index.create(connection)


def bench_as_of() -> date:
    """The fixed as-of date of the benchmark world (so runs are comparable)."""
    return date(2026, 6, 30)


__all__ = ["bench_as_of", "generate"]
