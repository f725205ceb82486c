"""Risk sweep and undo (domain.md 6): the seed's dishonest-debtor example, exactly-once, undo rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from scoring_world import AS_OF, World
from sqlalchemy import Engine, inspect, select, text
from sqlmodel import Session, SQLModel, col

from assistant.crm import db
from assistant.crm.models import Account, AuditEntry, Quote, Task
from assistant.crm.risk_models import RiskAction
from tools.base import NotFoundError, PermissionDeniedError, ToolError
from tools.risk import scan_risk
from tools.risk_sweep import run_sweep, task_id, undo

D = AS_OF
NOW = datetime(2025, 6, 30, 23, 0, tzinfo=UTC)


def ago(days: int) -> date:
    return D - timedelta(days=days)


def _seed_example(w: World) -> None:
    """Seed 000: a customer turns up as 失信被执行人; plus a legal-rep change and a lawsuit elsewhere."""
    w.account("DD", name="华东精密制造有限公司")
    w.contact("DD", layer="key", last_contacted=ago(2))
    open_opp = w.opportunity("DD", "opp-open")
    lost_opp = w.opportunity("DD", "opp-lost", status="lost")
    w.quote(open_opp.id, "draft", "q-draft")
    w.quote(open_opp.id, "sent", "q-sent")
    w.quote(open_opp.id, "accepted", "q-accepted")
    w.quote(lost_opp.id, "sent", "q-lost")
    w.event("DD", "dishonest_debtor", ago(3), eid="ev-dd")
    w.account("LR", owner="rep2")
    w.contact("LR", layer="key", last_contacted=ago(2))
    w.event("LR", "legal_rep_change", ago(10), eid="ev-lr")
    w.account("LS", owner="rep3")
    w.contact("LS", layer="key", last_contacted=ago(2))
    w.event("LS", "lawsuit", ago(20), severity="medium", eid="ev-ls")


def _dump(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    names = set(inspect(session.get_bind()).get_table_names())
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in names:
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def test_dishonest_debtor_freezes_open_quotes_and_tasks_finance(engine: Engine) -> None:
    with Session(engine) as session:
        w = World(session)
        _seed_example(w)
        session.commit()
        report = run_sweep(session, as_of=D, now=NOW)
        session.commit()
        assert [(a.account_id, a.kind, a.trigger) for a in report.actions] == [
            ("DD", "status_high_risk", "dishonest_debtor"),
            ("DD", "freeze_quotes", "dishonest_debtor"),
            ("DD", "finance_task", "dishonest_debtor"),
            ("LR", "remap_task", "legal_rep_change"),
            ("LS", "alert", "lawsuit"),
        ]
        assert session.get(Account, "DD").status == "high_risk"  # type: ignore[union-attr]
        assert session.get(Account, "LR").status == session.get(Account, "LS").status == "active"  # type: ignore[union-attr]
        statuses = {q.id: q.status for q in session.execute(select(Quote)).scalars()}
        assert statuses == {"q-draft": "frozen", "q-sent": "frozen", "q-accepted": "accepted", "q-lost": "sent"}
        tasks = {t.account_id: t for t in session.execute(select(Task)).scalars()}
        finance, remap = tasks["DD"], tasks["LR"]
        assert (finance.team, finance.assignee_id, finance.due, finance.status) == (
            "finance",
            None,
            D + timedelta(days=7),
            "open",
        )
        assert finance.created_by == "rule:risk_sweep" and "失信被执行人" in finance.title
        assert finance.id == task_id("event:ev-dd:finance_task") and finance.rule_key == "event:ev-dd:finance_task"
        assert (remap.team, remap.assignee_id) == ("sales", "rep2")
        freeze = session.execute(select(RiskAction).where(col(RiskAction.kind) == "freeze_quotes")).scalar_one()
        assert freeze.before_state == {"quotes": {"q-draft": "draft", "q-sent": "sent"}}
        assert freeze.after_state == {"quotes": {"q-draft": "frozen", "q-sent": "frozen"}}
        alert = session.execute(select(RiskAction).where(col(RiskAction.kind) == "alert")).scalar_one()
        assert (
            alert.after_state["alert"]["severity"] == "medium"
            and alert.after_state["alert"]["evidence"][0]["id"] == "ev-ls"
        )
        audits = session.execute(select(AuditEntry).order_by(col(AuditEntry.id))).scalars().all()
        assert [a.action for a in audits] == [f"risk_sweep.{a.kind}" for a in report.actions]
        assert audits[0].writes[1] == {
            "table": "accounts",
            "id": "DD",
            "field": "status",
            "before": "active",
            "after": "high_risk",
        }
        risk = scan_risk(session, user=w.users["rep1"], account_id="DD", as_of=D)
        assert [a.kind for a in risk.actions_taken] == ["status_high_risk", "freeze_quotes", "finance_task"]


def test_a_second_sweep_changes_nothing(engine: Engine) -> None:
    with Session(engine) as session:
        w = World(session)
        _seed_example(w)
        w.account("OV")
        w.contact("OV", layer="key", last_contacted=ago(2))
        w.order("OV", ago(100), due=ago(70), oid="ov-order")
        session.commit()
        first = run_sweep(session, as_of=D, now=NOW)
        session.commit()
        before = _dump(session)
        second = run_sweep(session, as_of=D, now=NOW + timedelta(hours=1))
        session.commit()
        assert [a.trigger for a in first.actions if a.account_id == "OV"] == ["health_drop", "receivables_overdue"]
        assert second.actions == [] and second.already_recorded == len(first.actions) == 7
        assert _dump(session) == before


def test_a_new_occurrence_of_a_signal_alerts_again(session: Session) -> None:
    w = World(session)
    w.account("OV")
    w.contact("OV", layer="key", last_contacted=ago(2))
    w.order("OV", ago(100), due=ago(70), oid="first")

    def overdue_keys() -> list[str]:
        return [a.key for a in run_sweep(session, as_of=D, now=NOW).actions if a.trigger == "receivables_overdue"]

    assert overdue_keys() == ["signal:OV:receivables_overdue:order:first:alert"]
    assert overdue_keys() == []
    w.order("OV", ago(120), due=ago(90), oid="older")
    assert overdue_keys() == ["signal:OV:receivables_overdue:order:older:alert"]


def test_undo_restores_and_is_not_reapplied(session: Session) -> None:
    w = World(session)
    _seed_example(w)
    actions = {a.kind: a.id for a in run_sweep(session, as_of=D, now=NOW).actions}
    status = undo(session, action_id=actions["status_high_risk"], user=w.users["mgr"], now=NOW)
    assert (status.restored, status.skipped, status.undone_by) == ({"status": "active"}, {}, "mgr")
    quotes = undo(session, action_id=actions["freeze_quotes"], user=w.users["adm"], now=NOW)
    assert quotes.restored == {"quote:q-draft": "draft", "quote:q-sent": "sent"}
    task = undo(session, action_id=actions["finance_task"], user=w.users["mgr"], now=NOW)
    assert task.restored == {f"task:{task_id('event:ev-dd:finance_task')}": "cancelled"}
    alert = undo(session, action_id=actions["alert"], user=w.users["adm"], now=NOW)
    assert alert.restored == {"alert": "dismissed"}
    assert session.get(Account, "DD").status == "active"  # type: ignore[union-attr]
    assert run_sweep(session, as_of=D, now=NOW).actions == []
    assert session.get(Account, "DD").status == "active"  # type: ignore[union-attr]
    assert {q.id: q.status for q in session.execute(select(Quote)).scalars()}["q-sent"] == "sent"
    undone = session.execute(select(AuditEntry).where(col(AuditEntry.action).like("risk_undo.%"))).scalars().all()
    assert [(a.user_id, a.action) for a in undone] == [
        ("mgr", "risk_undo.status_high_risk"),
        ("adm", "risk_undo.freeze_quotes"),
        ("mgr", "risk_undo.finance_task"),
        ("adm", "risk_undo.alert"),
    ]


def test_undo_leaves_records_changed_since_alone(session: Session) -> None:
    w = World(session)
    _seed_example(w)
    actions = {a.kind: a.id for a in run_sweep(session, as_of=D, now=NOW).actions}
    quote = session.get(Quote, "q-sent")
    assert quote is not None
    quote.status = "accepted"
    session.add(quote)
    session.flush()
    report = undo(session, action_id=actions["freeze_quotes"], user=w.users["mgr"], now=NOW)
    assert (report.restored, report.skipped) == ({"quote:q-draft": "draft"}, {"quote:q-sent": "accepted"})


def test_who_may_undo_and_only_once(session: Session) -> None:
    w = World(session)
    _seed_example(w)
    status_id = run_sweep(session, as_of=D, now=NOW).actions[0].id
    with pytest.raises(PermissionDeniedError):
        undo(session, action_id=status_id, user=w.users["rep1"])
    with pytest.raises(NotFoundError) as other_team:
        undo(session, action_id=status_id, user=w.users["mgr2"])
    with pytest.raises(NotFoundError) as missing:
        undo(session, action_id=999, user=w.users["mgr2"])
    assert str(other_team.value) == str(missing.value).replace("999", str(status_id))
    undo(session, action_id=status_id, user=w.users["mgr"], now=NOW)
    with pytest.raises(ToolError, match="already undone"):
        undo(session, action_id=status_id, user=w.users["adm"])


def test_migration_0002_upgrades_and_downgrades(engine: Engine) -> None:
    assert "risk_actions" in inspect(engine).get_table_names()
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("orders")}
    assert "ix_orders_scoring" in indexes
    db.downgrade(engine, "0001")
    assert "risk_actions" not in inspect(engine).get_table_names()
    assert "ix_orders_scoring" not in {ix["name"] for ix in inspect(engine).get_indexes("orders")}
    db.upgrade(engine)
    assert "risk_actions" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM risk_actions")).scalar_one() == 0
