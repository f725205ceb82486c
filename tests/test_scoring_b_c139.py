"""C139: hand-computed parts, key-person and gap boundaries, the seed's stalled deal, access."""

from __future__ import annotations

from typing import Any

import pytest
from scoring_b_fixtures import huaxing_world_fixture, session_fixture, template_fixture  # noqa: F401  (pytest fixtures)
from scoring_b_world import (
    AS_OF,
    activity,
    ago,
    contact,
    opportunity,
    user_map,
)
from sqlmodel import Session

from assistant.crm.enums import COMPETITIVE_FACTORS
from tools.base import NotFoundError
from tools.c139 import assess_c139
from tools.config import ScoringConfig


def test_seed_stalled_deal_finance_director_never_met(world: Session) -> None:
    s = world
    contact(
        s,
        "c-dm",
        "A1",
        name="张总",
        title="总经理",
        department="Management",
        role="decision_maker",
        stance="supporter",
        layer="key",
        last_contacted=ago(100),
    )
    contact(s, "c-fin", "A1", name="王芳", title="财务总监", department="Finance", role="financial", layer="key")
    contact(
        s,
        "c-it",
        "A1",
        name="李工",
        title="IT经理",
        department="IT",
        role="technical",
        stance="supporter",
        layer="general",
        last_contacted=ago(10),
    )
    opportunity(
        s,
        "O1",
        "A1",
        name="MES upgrade",
        value_proposition="cut downtime 20%",
        customer_pain="downtime",
        f_price=-1,
        f_service=1,
        competitor="Rival",
    )
    r = assess_c139(s, user=user_map(s)["rep1"], opportunity="O1", as_of=AS_OF)
    # C: IT engaged (10 days), Management (100) and Finance (never) not: 1/3; layers key+general: 2/3.
    assert r.coverage == 43.33
    assert r.departments_not_engaged == ["Finance", "Management"]
    assert r.value_proposition == 50.0
    # 3: decision maker met 100 days ago 0.5, finance never 0, technical 10 days 1 -> 1.5/3.
    assert r.key_persons == 50.0
    assert [(k.slot, k.credit) for k in r.key_person_slots] == [
        ("decision_maker", 0.5),
        ("financial", 0.0),
        ("technical_or_user", 1.0),
    ]
    # 9: -1 + 1 + seven unknown (0) -> mean 0 -> 50.
    assert r.competitive == 50.0
    assert r.unknown_factors == [
        "product_fit",
        "delivery",
        "technical",
        "brand",
        "relationship",
        "commercial",
        "responsiveness",
    ]
    assert r.total == 48.67  # 43.33*.2 + 50*.2 + 50*.3 + 50*.3
    gaps = {g.part: g for g in r.gaps}
    assert set(gaps) == {"coverage", "value_proposition", "key_persons", "competitive"}
    kp = {a.finding: a for a in gaps["key_persons"].actions}
    assert "王芳 (c-fin)" in kp["3.financial_missing"].subject
    assert "finance director" in kp["3.financial_missing"].action_en
    assert kp["3.financial_missing"].action_zh == "准备投资回报测算,请求引荐财务负责人"
    assert "张总" in kp["3.decision_maker_missing"].subject
    assert "3.technical_missing" not in kp
    comp = {a.finding: a.subject for a in gaps["competitive"].actions}
    assert comp["9.price"] == "price -1 vs Rival"
    assert comp["9.unknown"].startswith("unrated: product_fit")
    assert [a.finding for a in gaps["value_proposition"].actions] == ["1.value_not_confirmed"]
    ids = {(e.record, e.id) for e in r.evidence}
    assert {("opportunity", "O1"), ("contact", "c-fin")} <= ids


@pytest.mark.parametrize(
    ("days", "stance", "credit"),
    [
        (0, "supporter", 1.0),
        (60, "supporter", 1.0),
        (61, "supporter", 0.5),
        (120, "supporter", 0.5),
        (121, "supporter", 0.0),
        (None, "supporter", 0.0),
        (10, "neutral", 0.5),
        (60, "neutral", 0.5),
        (100, "neutral", 0.5),
        (10, "opponent", 0.0),
        (10, None, 1.0),
    ],
)
def test_key_person_credit_boundaries(world: Session, days: int | None, stance: str | None, credit: float) -> None:
    contact(
        world, "c1", "A1", role="decision_maker", stance=stance, last_contacted=ago(days) if days is not None else None
    )
    opportunity(world, "O1", "A1")
    r = assess_c139(world, user=user_map(world)["rep1"], opportunity="O1", as_of=AS_OF)
    assert r.key_person_slots[0].credit == credit
    assert r.key_persons == round(credit / 3 * 100, 2)


def test_attended_activity_counts_as_met_and_future_is_ignored(world: Session) -> None:
    contact(world, "c1", "A1", role="financial", last_contacted=ago(200))
    contact(world, "c2", "A1", role="user")
    activity(world, "act1", "A1", ago(30), ["c1"])
    activity(world, "act2", "A1", ago(-5), ["c2"])  # after as_of
    opportunity(world, "O1", "A1")
    r = assess_c139(world, user=user_map(world)["rep1"], opportunity="O1", as_of=AS_OF)
    slots = {k.slot: k for k in r.key_person_slots}
    assert (slots["financial"].credit, slots["financial"].days_since_met) == (1.0, 30)
    assert (slots["technical_or_user"].credit, slots["technical_or_user"].reason) == (0.0, "never met")
    evid = {e.id: e.values for e in r.evidence}
    assert evid["c1"]["via"] == "activity:act1"


def test_best_holder_wins_and_opponent_reported(world: Session) -> None:
    contact(world, "c1", "A1", name="Opp", role="decision_maker", stance="opponent", last_contacted=ago(5))
    contact(world, "c2", "A1", name="Fan", role="decision_maker", stance="supporter", last_contacted=ago(90))
    opportunity(world, "O1", "A1")
    r = assess_c139(world, user=user_map(world)["rep1"], opportunity="O1", as_of=AS_OF)
    assert r.key_person_slots[0].contact_id == "c2" and r.key_person_slots[0].credit == 0.5
    actions = {a.finding: a.subject for g in r.gaps for a in g.actions}
    assert actions["3.opponent"] == "decision_maker: Opp (c1) is an opponent"


def test_competitive_scale_and_value_levels(world: Session) -> None:
    top: dict[str, Any] = {f"f_{f}": 2 for f in COMPETITIVE_FACTORS}
    opportunity(world, "O1", "A1", value_proposition="x", value_confirmed=True, **top)
    opportunity(world, "O2", "A1", f_price=-2, f_delivery=-1, f_technical=-1, value_proposition="  ")
    u = user_map(world)["rep1"]
    r1 = assess_c139(world, user=u, opportunity="O1", as_of=AS_OF)
    assert (r1.competitive, r1.value_proposition, r1.unknown_factors) == (100.0, 100.0, [])
    r2 = assess_c139(world, user=u, opportunity="O2", as_of=AS_OF)
    assert r2.competitive == round((-4 / 9 + 2) / 4 * 100, 2) == 38.89
    assert r2.value_proposition == 0.0
    comp = {a.finding: a.subject for g in r2.gaps if g.part == "competitive" for a in g.actions}
    assert comp["9.price"] == "price -2"
    assert comp["9.fit"] == "delivery -1, technical -1"
    value_actions = [a.finding for g in r2.gaps if g.part == "value_proposition" for a in g.actions]
    assert value_actions == ["1.no_value_proposition"]


@pytest.mark.parametrize(("departments", "engaged", "expected", "gap"), [(7, 5, 60.0, False), (10, 7, 59.0, True)])
def test_gap_threshold_59_60(world: Session, departments: int, engaged: int, expected: float, gap: bool) -> None:
    for i in range(departments):
        contact(
            world,
            f"c{i:02d}",
            "A1",
            department=f"D{i}",
            layer="general" if i == 0 else None,
            last_contacted=ago(90 if i < engaged else 91),
        )
    opportunity(world, "O1", "A1")
    r = assess_c139(world, user=user_map(world)["rep1"], opportunity="O1", as_of=AS_OF)
    assert r.coverage == expected
    assert ("coverage" in {g.part for g in r.gaps}) is gap


def test_gap_threshold_is_configurable(world: Session) -> None:
    opportunity(world, "O1", "A1", value_proposition="v")
    cfg = ScoringConfig.model_validate({"c139": {"gap_below": 50}})
    r = assess_c139(world, user=user_map(world)["rep1"], opportunity="O1", as_of=AS_OF, config=cfg)
    assert "value_proposition" not in {g.part for g in r.gaps}
    assert any(t.name == "gap_below" and t.value == 50 for t in r.thresholds)


def test_invisible_opportunity_is_not_found_like_missing(world: Session) -> None:
    opportunity(world, "O1", "A1")
    u = user_map(world)
    with pytest.raises(NotFoundError) as hidden:
        assess_c139(world, user=u["rep3"], opportunity="O1", as_of=AS_OF)
    with pytest.raises(NotFoundError) as missing:
        assess_c139(world, user=u["rep3"], opportunity="O404", as_of=AS_OF)
    assert str(hidden.value).replace("O1", "X") == str(missing.value).replace("O404", "X")
    assert assess_c139(world, user=u["mgr"], opportunity="O1", as_of=AS_OF).opportunity_id == "O1"
    assert assess_c139(world, user=u["rep1"], opportunity="Deal O1", as_of=AS_OF).opportunity_id == "O1"


def test_deterministic_json(world: Session) -> None:
    for i in range(5):
        contact(world, f"c{i}", "A1", department=f"D{i % 2}", role="user", last_contacted=ago(i * 40))
    opportunity(world, "O1", "A1", f_price=1)
    u = user_map(world)["rep1"]
    first = assess_c139(world, user=u, opportunity="O1", as_of=AS_OF).model_dump_json()
    assert first == assess_c139(world, user=u, opportunity="O1", as_of=AS_OF).model_dump_json()
