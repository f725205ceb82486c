"""Next best actions: ranking across risk, RFM, health, C139, power map and tree; wording; access."""

from __future__ import annotations

import pytest
from scoring_b_fixtures import session_fixture, template_fixture  # noqa: F401  (pytest fixtures)
from scoring_b_world import (
    AS_OF,
    account,
    ago,
    contact,
    opportunity,
    order,
    risk,
    user_map,
    users,
)
from sqlmodel import Session

from tools.actions_catalogue import CATALOGUE, FACTOR_FINDING
from tools.base import NotFoundError
from tools.config import ScoringConfig
from tools.next_actions import next_best_actions

WIDE = ScoringConfig.model_validate({"next_actions": {"max_actions": 100}})


@pytest.fixture
def world(session: Session) -> Session:
    s = session
    users(s)
    account(s, "G", name="Group")
    account(s, "A1", name="Target", parent_id="G")
    account(s, "A2", name="Sibling Secret", parent_id="G", owner="u-rep2")
    account(s, "B", name="Big", owner="u-rep3")
    order(s, "o1", "A1", "ERP", 1000, ago(400), due_at=ago(370), paid_at=ago(372))
    order(s, "ob1", "B", "ERP", 900_000, ago(10), due_at=ago(5), paid_at=ago(6))
    order(s, "os", "A2", "MES", 5000, ago(30), due_at=ago(1), paid_at=ago(2))
    contact(
        s,
        "c1",
        "A1",
        name="张总",
        role="decision_maker",
        influence=5,
        stance="supporter",
        layer="key",
        last_contacted=ago(100),
    )
    contact(s, "c2", "A1", name="王芳", title="财务总监", role="financial", influence=4, layer="key")
    opportunity(s, "O1", "A1", name="Upgrade", value_proposition="x")
    return s


def test_ranked_actions_from_every_source(world: Session) -> None:
    risk(world, "r1", "A1", "dishonest_debtor", ago(3), severity="high")
    r = next_best_actions(world, user=user_map(world)["rep1"], account="Target", as_of=AS_OF, config=WIDE)
    assert [a.rank for a in r.actions] == list(range(1, len(r.actions) + 1)) and len(r.actions) == r.total_findings
    first = r.actions[0]
    assert (first.finding, first.priority, first.source) == ("risk.dishonest_debtor", 1, "risk")
    assert first.action_zh == "停止赊销,要求预付款或担保,与财务复核应收账款"
    assert [e.id for e in first.evidence] == ["r1"]
    findings = [a.finding for a in r.actions]
    # Priority 1 (risk, then the C139 key-person gaps) before priority 2, tree (priority 3) last.
    assert findings[1:4] == ["3.decision_maker_missing", "3.financial_missing", "3.technical_missing"]
    assert "王芳 (c2), never met" in r.actions[2].subject
    assert r.actions[2].reason.startswith("financial owner missing: Upgrade (O1)")
    assert r.actions[-1].finding == "tree.cross_sell" and r.actions[-1].priority == 3
    assert r.actions[-1].subject == "MES: bought by 1 sibling(s) for 5000.00 (1 not visible to you)"
    assert "Sibling Secret" not in r.model_dump_json()
    waking = next(a for a in r.actions if a.finding == "rfm.needs_waking")
    assert waking.action_zh.startswith("启动唤醒计划") and "R1 F1" in waking.subject
    assert {"power.high_influence_not_met", "health.no_key_person_contact", "1.value_not_confirmed"} <= set(findings)
    assert all(a.action_en and a.action_zh and a.effect_en and a.effect_zh for a in r.actions)
    priorities = [a.priority for a in r.actions]
    assert priorities == sorted(priorities)
    assert r.sources["rfm"] == "segment needs_waking, tier D"


def test_max_actions_cuts_the_tail(world: Session) -> None:
    r = next_best_actions(world, user=user_map(world)["rep1"], account="A1", as_of=AS_OF)
    assert len(r.actions) == 15 < r.total_findings
    assert all(a.finding != "tree.cross_sell" for a in r.actions)


def test_important_win_back_is_top_priority(session: Session) -> None:
    users(session)
    account(session, "W", name="Whale")
    account(session, "M", name="Minnow", owner="u-rep2")
    order(session, "ow", "W", "ERP", 900_000, ago(400), due_at=ago(380), paid_at=ago(381))
    order(session, "om", "M", "ERP", 100, ago(5), due_at=ago(4), paid_at=ago(4))
    r = next_best_actions(session, user=user_map(session)["rep1"], account="W", as_of=AS_OF)
    assert r.actions[0].finding == "rfm.important_win_back" and r.actions[0].priority == 1
    assert r.actions[0].action_en == "top priority save plan with an executive sponsor"


def test_no_paid_orders_no_rfm_plan(session: Session) -> None:
    users(session)
    account(session, "P", name="Prospect")
    r = next_best_actions(session, user=user_map(session)["rep1"], account="P", as_of=AS_OF)
    assert r.sources["rfm"] == "no paid orders: segment not applicable"
    assert not any(a.finding.startswith("rfm.") for a in r.actions)


def test_access_and_determinism(world: Session) -> None:
    with pytest.raises(NotFoundError):
        next_best_actions(world, user=user_map(world)["rep3"], account="A1", as_of=AS_OF)
    u = user_map(world)["mgr"]
    first = next_best_actions(world, user=u, account="A1", as_of=AS_OF).model_dump_json()
    assert first == next_best_actions(world, user=u, account="A1", as_of=AS_OF).model_dump_json()


def test_catalogue_covers_domain_findings() -> None:
    assert set(FACTOR_FINDING.values()) <= set(CATALOGUE)
    assert len(CATALOGUE) == len({e.action_en + e.finding for e in CATALOGUE.values()})
    assert CATALOGUE["3.financial_missing"].action_en == (
        "prepare an ROI/TCO case and ask for an introduction to the finance director"
    )
    assert CATALOGUE["tree.cross_sell"].action_zh == "以兄弟子公司的成功案例向空白子公司推荐同类产品"


def test_group_gets_white_space_action(world: Session) -> None:
    account(world, "A3", name="Third", parent_id="G")
    r = next_best_actions(world, user=user_map(world)["rep1"], account="G", as_of=AS_OF, config=WIDE)
    tree = [a for a in r.actions if a.finding == "tree.cross_sell"]
    assert [a.subject for a in tree] == ["white space: 1 of 3 subsidiaries (Third (A3))"]
    assert tree[0].action_zh == "以兄弟子公司的成功案例向空白子公司推荐同类产品"


def test_same_gap_on_two_deals_is_one_action(world: Session) -> None:
    opportunity(world, "O2", "A1", name="Expansion", value_proposition="y")
    r = next_best_actions(world, user=user_map(world)["rep1"], account="A1", as_of=AS_OF, config=WIDE)
    finance = [a for a in r.actions if a.finding == "3.financial_missing"]
    assert [a.subject for a in finance] == ["Upgrade (O1); Expansion (O2): financial: 王芳 (c2), never met"]
    assert [e.id for e in finance[0].evidence] == ["O1", "O2"]
