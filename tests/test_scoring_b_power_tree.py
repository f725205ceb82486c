"""Power map findings and customer tree penetration / white space / cross-sell, with access rules."""

from __future__ import annotations

import pytest
from scoring_b_fixtures import huaxing_world_fixture, session_fixture, template_fixture  # noqa: F401  (pytest fixtures)
from scoring_b_world import (
    AS_OF,
    account,
    ago,
    contact,
    opportunity,
    order,
    user_map,
)
from sqlmodel import Session

from tools.base import NotFoundError
from tools.customer_tree import customer_tree
from tools.power_map import power_map


def test_power_map_groups_and_findings(world: Session) -> None:
    s = world
    contact(
        s,
        "c1",
        "A1",
        name="张总",
        role="decision_maker",
        layer="key",
        influence=5,
        stance="supporter",
        strength=4,
        last_contacted=ago(60),
    )
    contact(
        s,
        "c2",
        "A1",
        name="王芳",
        role="financial",
        layer="key",
        influence=4,
        stance="opponent",
        strength=2,
        last_contacted=ago(61),
    )
    contact(s, "c3", "A1", name="李工", role="technical", layer="general", influence=3, strength=3)
    contact(s, "c4", "A1", name="赵", role="user", layer="general", influence=4)
    contact(s, "c5", "A1", name="Anon")
    r = power_map(s, user=user_map(s)["rep1"], account="华星", as_of=AS_OF)
    assert list(r.by_role) == ["decision_maker", "financial", "technical", "user", "unassigned"]
    assert r.by_layer == {"key": ["c1", "c2"], "general": ["c3", "c4"], "unassigned": ["c5"]}
    strengths = {x.layer: (x.rated, x.mean_strength) for x in r.layers}
    assert strengths == {"key": (2, 3.0), "general": (1, 3.0), "organizational": (0, None)}
    found = [(f.finding, f.contact_id or f.subject) for f in r.findings]
    # c1 met exactly 60 days ago is not a finding; c2 at 61 is; c4 never met; c3 influence 3 ignored.
    assert found == [
        ("power.role_uncovered", "coach"),
        ("power.high_influence_not_met", "c2"),
        ("power.high_influence_opponent", "c2"),
        ("power.high_influence_not_met", "c4"),
    ]
    assert r.findings[1].action.action_en == "book a business review with the key persons"
    assert "last met 61 days ago" in r.findings[1].subject
    assert "never met" in r.findings[3].subject


def test_power_map_access(world: Session) -> None:
    u = user_map(world)
    with pytest.raises(NotFoundError):
        power_map(world, user=u["rep3"], account="A1", as_of=AS_OF)
    assert power_map(world, user=u["admin"], account="A1", as_of=AS_OF).account_id == "A1"


@pytest.fixture
def tree(world: Session) -> Session:
    """Group G (rep1) with S1, S2 (rep1), S3 (rep2), and S21 under S2 (rep1), S4 (rep1) white space."""
    s = world
    account(s, "G", name="Group")
    account(s, "S1", name="Sub One", parent_id="G")
    account(s, "S2", name="Sub Two", parent_id="G")
    account(s, "S3", name="Sub Three", parent_id="G", owner="u-rep2")
    account(s, "S21", name="Sub Two-One", parent_id="S2")
    account(s, "S4", name="Sub Four", parent_id="G")
    order(s, "o1", "S1", "ERP", 100.0, ago(10))
    order(s, "o2", "S3", "ERP", 300.0, ago(20))
    order(s, "o3", "S3", "MES", 500.0, ago(30))
    order(s, "o4", "S1", "WMS", 50.0, ago(40))
    order(s, "o5", "S3", "WMS", 50.0, ago(40))
    order(s, "o6", "S21", "mes ", 100.0, ago(5))
    order(s, "o7", "S4", "CRM", 10.0, ago(-3))  # after as_of: not business yet
    opportunity(s, "op1", "S2", status="won")
    return s


def test_tree_penetration_and_cross_sell_for_subsidiary(tree: Session) -> None:
    r = customer_tree(tree, user=user_map(tree)["admin"], account="S1", as_of=AS_OF)
    assert (r.group_id, r.is_group, r.total_subsidiaries, r.with_business) == ("G", False, 5, 4)
    assert r.penetration == 80.0
    assert [s.id for s in r.white_space] == ["S4"]
    assert {s.id: s.depth for s in r.subsidiaries} == {"S1": 1, "S2": 1, "S21": 2, "S3": 1, "S4": 1}
    # S1 owns ERP, WMS. MES bought by S3 (500) and S21 ("mes ", 100): 2 buyers.
    assert [(c.product, c.bought_by, c.amount) for c in r.cross_sell] == [("MES", 2, 600.0)]
    assert [x.id for x in r.cross_sell[0].references] == ["S21", "S3"]


def test_tree_white_space_subsidiary_is_offered_what_siblings_bought(tree: Session) -> None:
    r = customer_tree(tree, user=user_map(tree)["admin"], account="S4", as_of=AS_OF)
    # ERP: S1+S3 (400); WMS: S1+S3 (100); MES: S3+S21 (600) -> 2 buyers each, ranked by amount.
    assert [(c.product, c.bought_by, c.amount) for c in r.cross_sell] == [
        ("MES", 2, 600.0),
        ("ERP", 2, 400.0),
        ("WMS", 2, 100.0),
    ]
    later = customer_tree(tree, user=user_map(tree)["admin"], account="S4", as_of=ago(-5))
    assert later.penetration == 100.0 and "CRM" not in [c.product for c in later.cross_sell]


def test_tree_from_group_and_from_deep_subsidiary(tree: Session) -> None:
    u = user_map(tree)["admin"]
    g = customer_tree(tree, user=u, account="G", as_of=AS_OF)
    assert g.is_group and g.cross_sell == [] and g.penetration == 80.0
    deep = customer_tree(tree, user=u, account="S21", as_of=AS_OF)
    assert deep.group_id == "G" and deep.total_subsidiaries == 5
    assert [c.product for c in deep.cross_sell] == ["ERP", "WMS"]


def test_tree_hides_invisible_siblings_but_counts_them(tree: Session) -> None:
    r = customer_tree(tree, user=user_map(tree)["rep1"], account="S1", as_of=AS_OF)
    assert r.penetration == 80.0 and r.hidden_subsidiaries == 1 and r.hidden_with_business == 1
    assert "S3" not in {s.id for s in r.subsidiaries}
    mes = r.cross_sell[0]
    assert (mes.product, mes.bought_by, mes.hidden_buyers, [x.id for x in mes.references]) == ("MES", 2, 1, ["S21"])
    dumped = r.model_dump_json()
    assert "S3" not in dumped and "Sub Three" not in dumped and "o2" not in dumped
    # rep2 sees only S3: the group and siblings are never named.
    r2 = customer_tree(tree, user=user_map(tree)["rep2"], account="S3", as_of=AS_OF)
    assert r2.group_id is None and r2.group_name is None and r2.hidden_subsidiaries == 4
    assert r2.cross_sell == []  # S3 already has every product its siblings bought
    assert "Sub One" not in r2.model_dump_json() and "Group" not in r2.model_dump_json()
    with pytest.raises(NotFoundError):
        customer_tree(tree, user=user_map(tree)["rep3"], account="S1", as_of=AS_OF)


def test_account_outside_any_tree(world: Session) -> None:
    r = customer_tree(world, user=user_map(world)["rep1"], account="A1", as_of=AS_OF)
    assert (r.in_tree, r.penetration, r.cross_sell) == (False, None, [])


def test_tree_deterministic(tree: Session) -> None:
    u = user_map(tree)["mgr"]
    assert (
        customer_tree(tree, user=u, account="S4", as_of=AS_OF).model_dump_json()
        == customer_tree(tree, user=u, account="S4", as_of=AS_OF).model_dump_json()
    )
