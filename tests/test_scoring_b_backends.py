"""Part-B tools give byte-identical JSON on SQLite and PostgreSQL (collations differ: mixed-case ids)."""

from __future__ import annotations

import pytest
from scoring_b_world import (
    AS_OF,
    account,
    activity,
    ago,
    contact,
    lead,
    lead_event,
    opportunity,
    order,
    risk,
    user_map,
    users,
)
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm import db
from tools.c139 import assess_c139
from tools.customer_tree import customer_tree
from tools.duplicates import account_duplicates
from tools.lead_score import score_lead
from tools.next_actions import next_best_actions
from tools.power_map import power_map
from tools.qualification import qualify_account


def _world(s: Session) -> None:
    users(s)
    account(s, "grp", name="Group")
    for aid in ("a1", "B2", "b3", "Z"):
        account(s, aid, name=f"Sub {aid}", parent_id="grp")
    for i, (aid, product) in enumerate([("B2", "erp"), ("b3", "ERP"), ("Z", "Mes"), ("b3", "mes"), ("B2", "WMS")]):
        order(s, f"o{i}", aid, product, 100.0 * (i + 1), ago(10 * i + 1), due_at=ago(10 * i), paid_at=ago(10 * i))
    for cid, dept in (("c-b", "Finance"), ("C-a", "finance"), ("c_A", "IT"), ("Cz", "Ops")):
        contact(s, cid, "a1", department=dept, role="financial", influence=4, layer="key", last_contacted=ago(70))
    activity(s, "Act", "a1", ago(3), ["c_A", "Cz"])
    opportunity(s, "Op", "a1", value_proposition="v", f_price=-1, products=["CRM"])
    risk(s, "r", "a1", "lawsuit", ago(2))
    for i in range(3):
        lead(s, f"L{i}", industry="Retail" if i else "retail", outcome="converted" if i else "lost")
    lead(s, "Lx", industry="RETAIL")
    lead_event(s, "e", "Lx", "webinar_attended", ago(31))


def _dump(engine: Engine) -> list[str]:
    with Session(engine, expire_on_commit=False) as s:
        _world(s)
        u = user_map(s)["rep1"]
        return [
            assess_c139(s, user=u, opportunity="Op", as_of=AS_OF).model_dump_json(),
            power_map(s, user=u, account="a1", as_of=AS_OF).model_dump_json(),
            customer_tree(s, user=u, account="a1", as_of=AS_OF).model_dump_json(),
            qualify_account(s, user=u, account="a1", as_of=AS_OF).model_dump_json(),
            score_lead(s, user=u, lead="Lx", as_of=AS_OF).model_dump_json(),
            account_duplicates(s, user=u, account="a1", as_of=AS_OF).model_dump_json(),
            next_best_actions(s, user=u, account="a1", as_of=AS_OF).model_dump_json(),
        ]


@pytest.mark.postgres
def test_same_json_on_sqlite_and_postgresql(sqlite_engine: Engine, pg_url: str) -> None:
    pg = db.make_engine(pg_url)
    db.upgrade(pg)
    try:
        on_pg = _dump(pg)
    finally:
        pg.dispose()
    on_sqlite = _dump(sqlite_engine)
    for left, right in zip(on_sqlite, on_pg, strict=True):
        assert left == right
    assert '"product":"ERP"' in on_sqlite[2] or '"product":"erp"' in on_sqlite[2]
