"""Lead score: attribute fit, step halving at 29/30/31 days, cap, model vs fallback at 49/50, access."""

from __future__ import annotations

import pytest
from scoring_b_fixtures import session_fixture, template_fixture, users_world_fixture  # noqa: F401  (pytest fixtures)
from scoring_b_world import AS_OF, ago, at, lead, lead_event, user_map
from sqlmodel import Session

from assistant.crm.models import Lead, LeadEvent
from tools.base import NotFoundError
from tools.lead_score import score_lead


def _history(s: Session, n: int, created: int = 400) -> None:
    """n closed leads: even i Manufacturing (i % 4 == 0 converted, with two webinars), odd i Retail, lost."""
    rows: list[object] = []
    for i in range(n):
        won = i % 4 == 0
        rows.append(
            Lead(
                id=f"h{i:03d}",
                company=f"H{i}",
                industry="Manufacturing" if i % 2 == 0 else "Retail",
                outcome="converted" if won else "lost",
                created_at=at(ago(created)),
            )
        )
        if won:
            rows += [
                LeadEvent(
                    id=f"h{i:03d}-{k}",
                    lead_id=f"h{i:03d}",
                    kind="webinar_attended",
                    occurred_at=at(ago(created - 10 - k)),
                )
                for k in range(2)
            ]
    s.add_all(rows)
    s.commit()


@pytest.mark.parametrize(
    ("age", "points"), [(0, 30.0), (29, 30.0), (30, 15.0), (31, 15.0), (59, 15.0), (60, 7.5), (-1, 0.0)]
)
def test_behaviour_step_halving(world: Session, age: int, points: float) -> None:
    lead(world, "L1")
    lead_event(world, "e1", "L1", "demo_request", ago(age))
    r = score_lead(world, user=user_map(world)["rep1"], lead="L1", as_of=AS_OF)
    assert r.behaviour == points
    assert [e.points for e in r.events] == ([points] if age >= 0 else [])


def test_behaviour_sum_and_cap(world: Session) -> None:
    lead(world, "L1")
    for i, kind in enumerate(["webinar_attended", "event_checkin", "email_reply", "whitepaper_download", "site_visit"]):
        lead_event(world, f"e{i}", "L1", kind, ago(1))
    r = score_lead(world, user=user_map(world)["rep1"], lead="L1", as_of=AS_OF)
    assert r.behaviour == 20 + 15 + 10 + 8 + 3
    for i in range(4):
        lead_event(world, f"d{i}", "L1", "demo_request", ago(2))
    assert score_lead(world, user=user_map(world)["rep1"], lead="L1", as_of=AS_OF).behaviour == 100.0


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"industry": "汽车零部件", "employees": 500, "region": "上海", "title": "采购总监"}, 100.0),
        ({"industry": "Retail", "employees": 499, "region": "Beijing", "title": "Sociology lecturer"}, 0.0),
        ({"industry": "Automotive", "employees": 50_000, "region": "华北", "title": "CIO"}, 30 + 25 + 30),
        ({"industry": None, "employees": 50_001, "region": "East China", "title": "IT经理"}, 15 + 30),
    ],
)
def test_attribute_fit(world: Session, fields: dict[str, object], expected: float) -> None:
    lead(world, "L1", **fields)
    assert score_lead(world, user=user_map(world)["rep1"], lead="L1", as_of=AS_OF).attribute == expected


def test_49_closed_leads_fall_back_to_segment_rate(world: Session) -> None:
    _history(world, 49)
    lead(world, "L1", industry=" manufacturing ", title="总监")
    lead(world, "L2", industry="Energy")
    u = user_map(world)["rep1"]
    r = score_lead(world, user=u, lead="L1", as_of=AS_OF)
    # Manufacturing: i = 0, 2, ..., 48 (25 leads), converted i % 4 == 0 (13).
    assert (r.fallback, r.predicted, r.closed_leads) == (True, 52.0, 49)
    assert "only 49 closed leads" in (r.fallback_reason or "") and "13/25" in (r.fallback_reason or "")
    assert r.attribute == 60.0  # industry 30 + title 30
    assert r.score == round(0.3 * 60 + 0.4 * 0 + 0.3 * 52.0, 2)
    r2 = score_lead(world, user=u, lead="L2", as_of=AS_OF)
    assert (r2.fallback, r2.predicted) == (True, round(13 / 49 * 100, 2))
    assert "overall" in (r2.fallback_reason or "")


def test_50_closed_leads_train_the_model(world: Session) -> None:
    _history(world, 50)
    lead(world, "HOT", industry="Manufacturing")
    lead_event(world, "x1", "HOT", "webinar_attended", ago(3))
    lead_event(world, "x2", "HOT", "webinar_attended", ago(2))
    lead(world, "COLD", industry="Retail")
    u = user_map(world)["rep1"]
    hot = score_lead(world, user=u, lead="HOT", as_of=AS_OF)
    cold = score_lead(world, user=u, lead="COLD", as_of=AS_OF)
    assert (hot.fallback, hot.fallback_reason, hot.closed_leads) == (False, None, 50)
    assert hot.predicted is not None and cold.predicted is not None
    assert hot.predicted > 70 > 20 > cold.predicted
    assert hot.model_dump_json() == score_lead(world, user=u, lead="HOT", as_of=AS_OF).model_dump_json()


def test_leads_created_after_as_of_are_not_history(world: Session) -> None:
    _history(world, 50, created=400)
    world.get(Lead, "h049").created_at = at(ago(-1))  # type: ignore[union-attr]
    world.commit()
    lead(world, "L1", industry="Retail")
    r = score_lead(world, user=user_map(world)["rep1"], lead="L1", as_of=AS_OF)
    assert (r.fallback, r.closed_leads, r.predicted) == (True, 49, 0.0)


def test_single_outcome_history_falls_back(world: Session) -> None:
    world.add_all([Lead(id=f"h{i}", company=f"H{i}", industry="Retail", outcome="lost") for i in range(60)])
    world.commit()
    lead(world, "L1", industry="Retail")
    r = score_lead(world, user=user_map(world)["rep1"], lead="L1", as_of=AS_OF)
    assert (r.fallback, r.predicted) == (True, 0.0) and "one outcome" in (r.fallback_reason or "")


def test_no_history_reweights_attribute_and_behaviour(world: Session) -> None:
    lead(world, "L1", industry="制造业")
    lead_event(world, "e1", "L1", "webinar_attended", ago(0))
    r = score_lead(world, user=user_map(world)["rep1"], lead="L1", as_of=AS_OF)
    assert (r.predicted, r.fallback) == (None, True)
    assert r.score == round((0.3 * 30 + 0.4 * 20) / 0.7, 2)


def test_lead_access(world: Session) -> None:
    lead(world, "L1", owner_id="u-rep3", company="Secret Co")
    lead(world, "L2", owner_id="u-rep2")
    lead(world, "L3")
    u = user_map(world)
    for ref in ("L1", "Secret Co"):
        with pytest.raises(NotFoundError):
            score_lead(world, user=u["rep1"], lead=ref, as_of=AS_OF)
    with pytest.raises(NotFoundError):
        score_lead(world, user=u["rep1"], lead="L2", as_of=AS_OF)
    assert score_lead(world, user=u["mgr"], lead="L2", as_of=AS_OF).lead_id == "L2"
    assert score_lead(world, user=u["rep1"], lead="L3", as_of=AS_OF).lead_id == "L3"
    assert score_lead(world, user=u["admin"], lead="L1", as_of=AS_OF).lead_id == "L1"
