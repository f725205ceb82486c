"""RFM (domain.md 2): R/F/M boundaries, quarters, global quintiles with ties, segments, tiers, access."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import numpy as np
import pytest
from scoring_world import AS_OF, World
from sqlmodel import Session

from assistant.cli.output import to_json
from tools.base import NotFoundError
from tools.config import ScoringConfig
from tools.config_account import RfmConfig
from tools.facts_orders import full_quarters_before
from tools.rfm import score_rfm
from tools.rfm_edges import monetary_edges
from tools.rfm_scoring import f_score, m_score, quintile_edges, r_score, segment_codes, tiers

CFG = RfmConfig()


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, 5), (29, 5), (30, 5), (31, 4), (60, 4), (61, 3), (90, 3), (91, 2), (180, 2), (181, 1), (5000, 1)],
)
def test_r_boundaries_from_the_last_paid_order(session: Session, days: int, expected: int) -> None:
    w = World(session)
    w.account("A")
    w.paid("A", AS_OF - timedelta(days=days), oid="last")
    w.paid("A", AS_OF - timedelta(days=days + 400), oid="older")
    result = score_rfm(session, user=w.users["rep1"], account_id="A", as_of=AS_OF)
    assert (result.r, result.r_days, result.last_order_id) == (expected, days, "last")


def test_r_counts_only_orders_paid_by_the_date(session: Session) -> None:
    w = World(session)
    w.account("A")
    w.order("A", AS_OF - timedelta(days=3), paid=AS_OF + timedelta(days=1), oid="paid-later")
    w.order("A", AS_OF - timedelta(days=4), oid="unpaid")
    w.paid("A", AS_OF - timedelta(days=45), oid="paid")
    w.paid("A", AS_OF + timedelta(days=1), oid="future")
    result = score_rfm(session, user=w.users["rep1"], account_id="A", as_of=AS_OF)
    assert (result.r, result.r_days, result.last_order_id) == (4, 45, "paid")


def test_no_paid_order_scores_one_and_needs_waking(session: Session) -> None:
    w = World(session)
    w.account("A")
    w.order("A", AS_OF - timedelta(days=3))
    result = score_rfm(session, user=w.users["rep1"], account_id="A", as_of=AS_OF)
    assert (result.r, result.f, result.m, result.r_days, result.last_order_id) == (1, 1, 1, None, None)
    assert (result.segment, result.segment_zh, result.tier) == ("needs_waking", "需唤醒", "D")


def test_full_quarters_before_skip_the_current_quarter() -> None:
    labels = [(q.label, q.start, q.end) for q in full_quarters_before(date(2025, 6, 30), 4)]
    assert labels == [
        ("2024Q2", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024Q4", date(2024, 10, 1), date(2024, 12, 31)),
        ("2025Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ]
    assert full_quarters_before(date(2025, 1, 1), 1)[0].label == "2024Q4"


def test_f_counts_paid_orders_in_the_four_full_quarters(session: Session) -> None:
    w = World(session)
    w.account("A")
    for day in (date(2024, 3, 31), date(2025, 4, 1), date(2025, 6, 29)):  # outside the quarters
        w.paid("A", day)
    for day in (date(2024, 4, 1), date(2024, 9, 30), date(2024, 10, 1), date(2025, 3, 31), date(2025, 3, 30)):
        w.paid("A", day)
    w.order("A", date(2025, 2, 1))  # unpaid
    result = score_rfm(session, user=w.users["rep1"], account_id="A", as_of=AS_OF)
    assert [(q.quarter, q.paid_orders) for q in result.f_quarters] == [
        ("2024Q2", 1),
        ("2024Q3", 1),
        ("2024Q4", 1),
        ("2025Q1", 2),
    ]
    assert (result.f_orders_per_quarter, result.f) == (1.25, 2)


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, 1), (1, 1), (2, 2), (5, 2), (6, 3), (11, 3), (12, 4), (23, 4), (24, 5), (40, 5)],
)
def test_f_thresholds_per_quarter(count: int, expected: int) -> None:
    assert f_score(np.array([float(count)]), CFG)[0] == expected


def test_r_score_vectorised_matches_the_steps() -> None:
    days = np.array([np.nan, 30, 31, 60, 61, 90, 91, 180, 181])
    assert r_score(days, CFG).tolist() == [1, 5, 4, 4, 3, 3, 2, 2, 1]


@pytest.mark.parametrize(
    ("amounts", "edges"),
    [
        ([10, 20, 30, 40, 50], [20, 30, 40, 50]),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [3, 5, 7, 9]),
        ([100, 100, 300], [100, 100, 100, 300]),
        ([7, 7, 7, 7], [7, 7, 7, 7]),
        ([42], [42, 42, 42, 42]),
        ([], []),
    ],
)
def test_quintile_edges_by_hand(amounts: list[float], edges: list[float]) -> None:
    assert quintile_edges([float(a) for a in amounts]) == [float(e) for e in edges]


def test_quintile_score_equals_ceil_of_the_share_at_or_below_with_ties() -> None:
    rng = random.Random(3)
    for _ in range(200):
        amounts = [float(rng.choice([10, 20, 20, 30, 50, 50, 50, 80])) for _ in range(rng.randint(1, 23))]
        edges = quintile_edges(amounts)
        scores = m_score(np.array(amounts), np.ones(len(amounts), dtype=bool), edges)
        for amount, score in zip(amounts, scores, strict=True):
            at_or_below = sum(1 for a in amounts if a <= amount)
            assert score == math.ceil(5 * at_or_below / len(amounts))


def test_m_is_a_global_rank_over_all_accounts(session: Session) -> None:
    w = World(session)
    for i, amount in enumerate((100.0, 200.0, 300.0, 400.0, 500.0)):
        w.account(f"A{i}", owner="rep1" if i == 0 else "rep3")
        w.paid(f"A{i}", AS_OF - timedelta(days=10), amount)
    w.account("NONE", owner="rep1")
    rep = score_rfm(session, user=w.users["rep1"], account_id="A0", as_of=AS_OF)
    admin = score_rfm(session, user=w.users["adm"], account_id="A4", as_of=AS_OF)
    assert (rep.m, rep.m_amount, rep.m_edges, rep.m_population) == (1, 100.0, [200.0, 300.0, 400.0, 500.0], 5)
    assert admin.m == 5
    assert score_rfm(session, user=w.users["rep1"], account_id="NONE", as_of=AS_OF).m == 1
    assert monetary_edges(session, as_of=AS_OF).edges == rep.m_edges


def test_m_ties_share_the_higher_score(session: Session) -> None:
    w = World(session)
    for aid, amount in (("T1", 100.0), ("T2", 100.0), ("T3", 300.0)):
        w.account(aid)
        w.paid(aid, AS_OF - timedelta(days=5), amount)
    ms = [score_rfm(session, user=w.users["rep1"], account_id=a, as_of=AS_OF).m for a in ("T1", "T2", "T3")]
    assert ms == [4, 4, 5]


def test_absolute_m_edges_from_configuration(session: Session) -> None:
    w = World(session)
    w.account("A")
    w.paid("A", AS_OF - timedelta(days=5), 200_000.0)
    config = ScoringConfig.model_validate({"rfm": {"m_mode": "absolute"}})
    result = score_rfm(session, user=w.users["rep1"], account_id="A", as_of=AS_OF, config=config)
    assert (result.m, result.m_mode, result.m_edges) == (3, "absolute", [50_000.0, 200_000.0, 1_000_000.0, 5_000_000.0])


@pytest.mark.parametrize(
    ("r", "f", "m", "code"),
    [
        (3, 3, 3, "important_value"),
        (5, 2, 4, "important_development"),
        (2, 5, 5, "important_retention"),
        (1, 1, 3, "important_win_back"),
        (4, 3, 2, "general_value"),
        (3, 1, 1, "general_development"),
        (2, 4, 1, "general_retention"),
        (2, 2, 2, "needs_waking"),
    ],
)
def test_segments(r: int, f: int, m: int, code: str) -> None:
    assert segment_codes(np.array([r]), np.array([f]), np.array([m]), CFG) == [code]


@pytest.mark.parametrize(
    ("total", "tier"), [(15, "A"), (13, "A"), (12, "B"), (10, "B"), (9, "C"), (7, "C"), (6, "D"), (3, "D")]
)
def test_tier_boundaries(total: int, tier: str) -> None:
    r = min(5, total - 2)
    f = min(5, total - r - 1)
    m = total - r - f
    assert tiers(np.array([r]), np.array([f]), np.array([m]), CFG) == [tier]


def test_important_value_example_with_evidence(session: Session) -> None:
    w = World(session)
    w.account("BIG", name="华东精密")
    w.account("SMALL")
    w.paid("SMALL", AS_OF - timedelta(days=300), 10.0)
    for k in range(24):  # 6 per quarter over the four full quarters
        w.paid("BIG", date(2024, 4, 1) + timedelta(days=15 * k), 1000.0, oid=f"big{k:02d}")
    w.paid("BIG", AS_OF - timedelta(days=12), 500.0, oid="recent")
    result = score_rfm(session, user=w.users["rep1"], account_id="BIG", as_of=AS_OF)
    assert (result.r, result.f, result.m, result.tier) == (5, 5, 5, "A")
    assert (result.segment, result.segment_en, result.segment_zh) == ("important_value", "important value", "重要价值")
    assert result.m_amount == 24_500.0
    assert result.evidence[0].record == "order" and result.evidence[0].id == "recent"
    assert {t.name for t in result.thresholds} >= {"r_days", "f_per_quarter", "m_edges", "tiers"}


def test_same_inputs_give_identical_json(session: Session) -> None:
    w = World(session)
    w.account("A")
    w.paid("A", AS_OF - timedelta(days=40), 123.45)
    first = to_json(score_rfm(session, user=w.users["rep1"], account_id="A", as_of=AS_OF))
    second = to_json(score_rfm(session, user=w.users["rep1"], account_id="A", as_of=AS_OF))
    assert first == second


def test_another_reps_account_answers_like_a_missing_one(session: Session) -> None:
    w = World(session)
    w.account("THEIRS", owner="rep2")
    with pytest.raises(NotFoundError) as hidden:
        score_rfm(session, user=w.users["rep1"], account_id="THEIRS", as_of=AS_OF)
    with pytest.raises(NotFoundError) as missing:
        score_rfm(session, user=w.users["rep1"], account_id="NOPE", as_of=AS_OF)
    assert str(hidden.value) == str(missing.value).replace("NOPE", "THEIRS")
    assert score_rfm(session, user=w.users["mgr"], account_id="THEIRS", as_of=AS_OF).account_id == "THEIRS"
    with pytest.raises(NotFoundError):
        score_rfm(session, user=w.users["mgr2"], account_id="THEIRS", as_of=AS_OF)
