"""Health index (domain.md 7): every indicator hand-computed, missing data, confidence, bands."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from scoring_world import AS_OF, World
from sqlmodel import Session

from tools.base import NotFoundError, ToolError
from tools.config import ScoringConfig
from tools.health import score_health
from tools.health_scoring import INDICATORS, health_arrays, overdue_score, sentiment_window, trend_score

D = AS_OF


def ago(days: int) -> date:
    return D - timedelta(days=days)


def _world(session: Session) -> World:
    """Account H1 of the hand computation in the module docstring of this test."""
    w = World(session)
    w.account("H1")
    w.order("H1", ago(10), 1000.0, due=D + timedelta(days=20), paid=ago(10), oid="o1")
    w.order("H1", ago(100), 2000.0, due=ago(70), paid=ago(75), oid="o2")
    w.order("H1", ago(200), 3000.0, due=ago(170), paid=ago(150), oid="o3")
    w.order("H1", ago(400), 12000.0, due=ago(370), oid="o4")
    k1 = w.contact("H1", "k1", role="decision_maker", layer="key")
    g1 = w.contact("H1", "g1", role="user", layer="general")
    w.contact("H1", "f1", role="financial", layer="general")
    w.activity("H1", ago(5), "meeting", (k1.id,))
    w.activity("H1", ago(50), "visit", (g1.id,))
    w.activity("H1", ago(60), "call", (k1.id,))
    w.ticket("H1", ago(30), ago(20), breached=True, tid="t1")
    w.ticket("H1", ago(100), ago(90), tid="t2")
    w.ticket("H1", ago(10), tid="t3")
    w.survey("H1", ago(30), 9, sid="s1")
    w.survey("H1", ago(200), 6, sid="s2")
    w.survey("H1", ago(400), 0, sid="s3")
    return w


def test_every_indicator_by_hand(session: Session) -> None:
    """recency 100 (R=5), order trend 100 (2 vs 1), revenue 50 (6000 vs 12000), payment 50 (1 of 2 on
    time), overdue 0 (370 days), interaction 50 (3 of 6), key meetings 50 (1 of 2), SLA 66.67 (1 of 3
    breached), NPS 75 (mean 7.5), open complaints 75 (1 open), sentiment missing, decision chain 66.67
    (2 of 3 roles). Weighted: 5716.72 / 94 = 60.8; confidence 0.94; band watch."""
    w = _world(session)
    result = score_health(session, user=w.users["rep1"], account_id="H1", as_of=D)
    scores = {i.name: i.score for i in result.indicators}
    assert scores == {
        "recency": 100.0,
        "order_frequency_trend": 100.0,
        "revenue_trend": 50.0,
        "payment_timeliness": 50.0,
        "overdue_receivables": 0.0,
        "interaction_frequency": 50.0,
        "key_person_meetings": 50.0,
        "sla_breaches": 66.67,
        "nps": 75.0,
        "open_complaints": 75.0,
        "sentiment_trend": None,
        "decision_chain_coverage": 66.67,
    }
    assert (result.score, result.band, result.confidence, result.missing) == (60.8, "watch", 0.94, ["sentiment_trend"])
    inputs = {i.name: i.inputs for i in result.indicators}
    assert inputs["revenue_trend"] == {"rev_recent": 6000, "rev_prior": 12000}
    assert inputs["overdue_receivables"]["overdue_days"] == 370
    assert inputs["key_person_meetings"] == {"meet_n": 2, "meet_key_n": 1}
    records = {(e.record, e.id) for e in result.evidence}
    assert records == {("order", "o4"), ("ticket", "t3"), ("survey", "s1"), ("survey", "s2")}
    assert sum(i.weight for i in result.indicators) == 100.0


def test_missing_data_lowers_confidence_not_the_score(session: Session) -> None:
    """Only the never-missing indicators: interaction 0, open complaints 100, decision chain 0 ->
    (0*8 + 100*6 + 0*10) / 24 = 25.0 with confidence 0.24."""
    w = World(session)
    w.account("EMPTY")
    result = score_health(session, user=w.users["rep1"], account_id="EMPTY", as_of=D)
    assert result.missing == [
        n for n in INDICATORS if n not in ("interaction_frequency", "open_complaints", "decision_chain_coverage")
    ]
    assert all(i.score is None for i in result.indicators if i.missing)
    assert (result.score, result.confidence, result.band) == (25.0, 0.24, "at_risk")


def test_sentiment_input_feeds_the_indicator(session: Session) -> None:
    w = _world(session)
    result = score_health(
        session,
        user=w.users["rep1"],
        account_id="H1",
        as_of=D,
        sentiment_by_month={"2025-06": 0.2, "2025-05": 0.4, "2025-03": -1.0},
    )
    indicator = next(i for i in result.indicators if i.name == "sentiment_trend")
    assert (indicator.score, indicator.missing) == (65.0, False)  # mean of May and June 0.3; March is outside
    assert indicator.inputs == {"months": {"2025-05": 0.4, "2025-06": 0.2}}
    assert result.confidence == 1.0
    with pytest.raises(ToolError, match="YYYY-MM"):
        score_health(session, user=w.users["rep1"], account_id="H1", as_of=D, sentiment_by_month={"June": 0.1})
    with pytest.raises(ToolError, match="outside"):
        score_health(session, user=w.users["rep1"], account_id="H1", as_of=D, sentiment_by_month={"2025-06": 1.5})


@pytest.mark.parametrize(
    ("days", "score"), [(1, 75.0), (30, 75.0), (31, 50.0), (60, 50.0), (61, 25.0), (90, 25.0), (91, 0.0)]
)
def test_overdue_steps(days: int, score: float) -> None:
    cfg = ScoringConfig().health
    assert overdue_score(np.array([float(days)]), cfg.overdue_steps, cfg.overdue_scores)[0] == score
    assert overdue_score(np.array([np.nan]), cfg.overdue_steps, cfg.overdue_scores)[0] == 100.0


def test_trend_score_rules() -> None:
    score, missing = trend_score(np.array([0.0, 3.0, 1.0, 4.0]), np.array([0.0, 0.0, 4.0, 2.0]))
    assert score.tolist()[1:] == [100.0, 25.0, 100.0]
    assert missing.tolist() == [True, False, False, False]


def _facts(**values: float) -> dict[str, np.ndarray]:
    base = dict.fromkeys(
        ["last_paid", "overdue_due"], np.nan
    ) | dict.fromkeys(
        ["n_recent", "n_prior", "rev_recent", "rev_prior", "due_n", "due_on_time", "due_any", "act_n", "meet_n",
         "meet_key_n", "sla_n", "sla_breached", "open_n", "nps_n", "nps_sum"], 0.0
    )  # fmt: skip
    base.update(values)
    facts = {f"t.{k}": np.array([v]) for k, v in base.items()}
    for role in ("decision_maker", "financial", "technical"):
        facts[f"role_{role}"] = np.array([0.0])
    return facts


@pytest.mark.parametrize(("nps_mean", "band"), [(7.0, "healthy"), (6.99, "watch"), (5.0, "watch"), (4.99, "at_risk")])
def test_band_boundaries(nps_mean: float, band: str) -> None:
    """With every indicator missing except NPS (and the three never-missing ones weighted 0), the
    health equals NPS * 10: 70 healthy, 69.9 watch, 50 watch, 49.9 at risk."""
    weights = dict.fromkeys(INDICATORS, 0.0) | {"nps": 8.0}
    config = ScoringConfig.model_validate({"health": {"weights": weights}})
    arrays = health_arrays(_facts(nps_n=1.0, nps_sum=nps_mean), "t.", D, np.array([1]), np.array([np.nan]), config)
    assert arrays.band == [band]
    assert arrays.score[0] == round(nps_mean * 10, 1)


def test_sentiment_window_keeps_the_last_months() -> None:
    window = sentiment_window({"2025-06": 0.1, "2025-04": -0.2, "2025-03": 0.9, "2025-07": 0.5}, D, 3)
    assert window == [("2025-04", -0.2), ("2025-06", 0.1)]
    assert sentiment_window(None, D, 3) == []


def test_not_visible_is_not_found(session: Session) -> None:
    w = _world(session)
    with pytest.raises(NotFoundError):
        score_health(session, user=w.users["rep3"], account_id="H1", as_of=D)
    assert score_health(session, user=w.users["adm"], account_id="H1", as_of=D).score == 60.8
