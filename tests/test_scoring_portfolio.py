"""Portfolio queries (domain.md 14): agreement with the per-account tools, filters, ranking, access."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from scoring_world import AS_OF, World
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.cli.output import to_json
from tools.base import NotFoundError, ToolError
from tools.health import score_health
from tools.portfolio import query_portfolio
from tools.rfm import score_rfm
from tools.risk import scan_risk
from tools.scorecard import account_scorecard

D = AS_OF


def ago(days: int) -> date:
    return D - timedelta(days=days)


def _world(session: Session) -> World:
    """Seven accounts of three reps with different shapes of data."""
    w = World(session)
    w.account("A1", name="Alpha")  # busy and healthy, recent key contact
    k = w.contact("A1", role="decision_maker", layer="key", last_contacted=ago(3))
    w.contact("A1", role="financial")
    w.contact("A1", role="technical")
    for q in range(30):
        w.paid("A1", ago(5 + 12 * q), 5000.0)
    for a in range(6):
        w.activity("A1", ago(4 + 10 * a), "meeting", (k.id,))
    w.survey("A1", ago(40), 10)
    w.account("A2", name="Beta")  # lapsed, overdue receivable, stale key contact
    w.contact("A2", layer="key", last_contacted=ago(45))
    w.paid("A2", ago(250), 90000.0)
    w.order("A2", ago(200), 1000.0, due=ago(130))
    w.account("A3", name="Gamma", owner="rep2")  # no data at all
    w.account("A4", name="Delta", owner="rep2")  # external event
    w.contact("A4", layer="key", last_contacted=ago(10))
    w.paid("A4", ago(31), 100.0)
    w.event("A4", "legal_rep_change", ago(8))
    w.account("A5", name="Alpha", owner="rep3")  # same name as A1, another team
    w.contact("A5", layer="key", last_contacted=ago(30))
    w.paid("A5", ago(95), 2000.0)
    w.ticket("A5", ago(20), breached=True)
    w.account("A6", name="Epsilon", owner="rep1")
    w.contact("A6", layer="key", last_contacted=ago(31))
    w.paid("A6", ago(61), 3000.0)
    w.opportunity("A6", competitor="Globex")
    for k2 in range(3):
        w.document("A6", ago(k2 + 1), "Globex is cheaper" if k2 != 1 else "fine")
    return w


def test_per_account_tools_and_portfolio_agree(engine: Engine) -> None:
    with Session(engine) as session:
        w = _world(session)
        session.commit()
        for email in ("adm", "mgr", "rep1", "mgr2"):
            user = w.users[email]
            portfolio = query_portfolio(session, user=user, as_of=D, limit=100)
            for row in portfolio.rows:
                rfm = score_rfm(session, user=user, account_id=row.account_id, as_of=D)
                health = score_health(session, user=user, account_id=row.account_id, as_of=D)
                risk = scan_risk(session, user=user, account_id=row.account_id, as_of=D)
                assert (rfm.r, rfm.f, rfm.m, rfm.r_days, rfm.m_amount, rfm.segment, rfm.tier) == (
                    row.r, row.f, row.m, row.r_days, row.m_amount, row.segment, row.tier,
                )  # fmt: skip
                assert (health.score, health.band, health.confidence) == (row.health, row.band, row.confidence)
                assert risk.level == row.risk_level
                assert sorted({s.kind for s in risk.signals}) == row.signals


def test_access_limits_the_portfolio(session: Session) -> None:
    w = _world(session)
    ids = {
        u: [r.account_id for r in query_portfolio(session, user=w.users[u], as_of=D, sort_by="id").rows]
        for u in w.users
    }
    assert ids == {
        "adm": ["A1", "A2", "A3", "A4", "A5", "A6"],
        "mgr": ["A1", "A2", "A3", "A4", "A6"],
        "rep1": ["A1", "A2", "A6"],
        "rep2": ["A3", "A4"],
        "mgr2": ["A5"],
        "rep3": ["A5"],
    }


def test_at_risk_filter(session: Session) -> None:
    w = _world(session)
    result = query_portfolio(session, user=w.users["adm"], as_of=D, at_risk=True, sort_by="id")
    rows = {r.account_id: (r.risk_level, r.band) for r in result.rows}
    assert "A1" not in rows and rows["A2"][0] == "high" and rows["A4"][0] == "medium"
    assert all(level in ("medium", "high") or band == "at_risk" for level, band in rows.values())
    assert result.matched == len(result.rows)


@pytest.mark.parametrize(
    ("days", "expected"), [(29, ["A2", "A3", "A5", "A6"]), (30, ["A2", "A3", "A6"]), (31, ["A2", "A3"])]
)
def test_no_key_contact_filter_is_strictly_more_than_n_days_or_never(
    session: Session, days: int, expected: list[str]
) -> None:
    w = _world(session)
    rows = query_portfolio(session, user=w.users["adm"], as_of=D, no_key_contact_days=days, sort_by="id").rows
    assert [r.account_id for r in rows] == expected


def test_tier_filter_with_key_contact(session: Session) -> None:
    w = _world(session)
    tiers = {r.account_id: r.tier for r in query_portfolio(session, user=w.users["adm"], as_of=D).rows}
    assert tiers["A1"] == "A"
    assert query_portfolio(session, user=w.users["adm"], as_of=D, tiers=["A"], no_key_contact_days=30).rows == []
    only_a = query_portfolio(session, user=w.users["adm"], as_of=D, tiers=["A"])
    assert [r.account_id for r in only_a.rows] == [a for a, t in sorted(tiers.items()) if t == "A"]


def test_sort_limit_and_ties_by_id(session: Session) -> None:
    w = _world(session)
    by_health = query_portfolio(session, user=w.users["adm"], as_of=D)
    healths = [r.health for r in by_health.rows]
    assert healths == sorted(healths) and by_health.descending is False
    by_name = query_portfolio(session, user=w.users["adm"], as_of=D, sort_by="name", limit=3)
    assert [(r.name, r.account_id) for r in by_name.rows] == [("Alpha", "A1"), ("Alpha", "A5"), ("Beta", "A2")]
    assert by_name.matched == 6
    r_days = query_portfolio(session, user=w.users["adm"], as_of=D, sort_by="r_days")
    assert [r.account_id for r in r_days.rows][-1] == "A3"  # no paid order: missing values last
    top_m = query_portfolio(session, user=w.users["adm"], as_of=D, sort_by="m_amount", limit=1)
    assert top_m.rows[0].account_id == "A1" and top_m.descending is True
    asc = query_portfolio(session, user=w.users["adm"], as_of=D, sort_by="m_amount", descending=False, limit=1)
    assert (asc.rows[0].account_id, asc.rows[0].m_amount) == ("A3", 0.0)  # no paid order: a real 0


def test_bad_arguments_are_named(session: Session) -> None:
    w = _world(session)
    with pytest.raises(ToolError, match="sort_by"):
        query_portfolio(session, user=w.users["adm"], as_of=D, sort_by="karma")
    with pytest.raises(ToolError, match="limit"):
        query_portfolio(session, user=w.users["adm"], as_of=D, limit=0)
    with pytest.raises(ToolError, match="min_risk"):
        query_portfolio(session, user=w.users["adm"], as_of=D, min_risk="severe")


def test_portfolio_is_deterministic(session: Session) -> None:
    w = _world(session)
    first = to_json(query_portfolio(session, user=w.users["mgr"], as_of=D, limit=100))
    assert to_json(query_portfolio(session, user=w.users["mgr"], as_of=D, limit=100)) == first


def test_scorecard_equals_the_three_tools(session: Session) -> None:
    w = _world(session)
    months = {"2025-06": -0.4}
    for account_id in ("A1", "A2", "A6"):
        card = account_scorecard(
            session, user=w.users["rep1"], account_id=account_id, as_of=D, sentiment_by_month=months
        )
        rfm = score_rfm(session, user=w.users["rep1"], account_id=account_id, as_of=D)
        health = score_health(session, user=w.users["rep1"], account_id=account_id, as_of=D, sentiment_by_month=months)
        risk = scan_risk(session, user=w.users["rep1"], account_id=account_id, as_of=D, sentiment_by_month=months)
        assert (to_json(card.rfm), to_json(card.health), to_json(card.risk)) == (
            to_json(rfm),
            to_json(health),
            to_json(risk),
        )
    with pytest.raises(NotFoundError):
        account_scorecard(session, user=w.users["rep1"], account_id="A5", as_of=D)
