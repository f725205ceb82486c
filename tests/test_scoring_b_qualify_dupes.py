"""Key-account qualification (hand-computed dimensions and grades) and the 撞单 duplicate check."""

from __future__ import annotations

import pytest
from scoring_b_fixtures import session_fixture, template_fixture, users_world_fixture  # noqa: F401  (pytest fixtures)
from scoring_b_world import (
    AS_OF,
    account,
    ago,
    contact,
    lead,
    opportunity,
    order,
    risk,
    user_map,
)
from sqlmodel import Session

from tools.base import NotFoundError
from tools.duplicates import account_duplicates, lead_duplicates
from tools.qualification import qualify_account


def _dims(r: object) -> dict[str, tuple[float, object]]:
    return {d.name: (d.score, d.value) for d in r.dimensions}  # type: ignore[attr-defined]


def test_qualification_hand_computed_grade_a(world: Session) -> None:
    s = world
    account(s, "A1", employees=12_000, registered_capital=5e7)
    # First order 6 years ago; previous window 1,000,000; current window 1,500,000 (+50%).
    order(s, "o0", "A1", "ERP", 200_000, ago(6 * 365 + 2), due_at=ago(6 * 365 - 30), paid_at=ago(6 * 365 - 28))
    order(s, "o1", "A1", "ERP", 1_000_000, ago(400), due_at=ago(370), paid_at=ago(371))
    order(s, "o2", "A1", "MES", 900_000, ago(200), due_at=ago(170), paid_at=ago(160))  # late
    order(s, "o3", "A1", "WMS", 600_000, ago(100), due_at=ago(70), paid_at=ago(70))
    order(s, "o4", "A1", "SCM", 10, ago(-1))  # after as_of: ignored
    opportunity(s, "op", "A1", products=["CRM", "erp", "BI"])
    r = qualify_account(s, user=user_map(s)["rep1"], account="A1", as_of=AS_OF)
    d = _dims(r)
    assert d["purchase_amount"] == (75.0, 1_500_000.0)
    assert d["years_of_cooperation"] == (100.0, round((6 * 365 + 2) / 365.25, 2))
    assert d["industry_position"] == (100.0, 12_000)  # employees band 100 beats capital 50
    assert d["payment_credit"] == (round(3 / 4 * 100, 2), 0.75)
    assert d["growth_potential"] == (100.0, 0.5)
    assert d["strategic_synergy"] == (100.0, 5)  # erp, mes, wms + crm, bi (SCM is after as_of)
    assert d["loyalty"] == (50.0, 3)
    expected = (75 * 25 + 100 * 10 + 100 * 15 + 75 * 20 + 100 * 15 + 100 * 10 + 50 * 5) / 100
    assert (r.score, r.grade, r.unknown) == (expected, "A", [])


def test_qualification_grade_boundaries_and_unknowns(world: Session) -> None:
    account(world, "A1")
    r = qualify_account(world, user=user_map(world)["rep1"], account="A1", as_of=AS_OF)
    assert (r.score, r.grade) == (0.0, "C")
    assert r.unknown == ["years_of_cooperation", "industry_position", "payment_credit", "growth_potential"]
    w = {
        "purchase_amount": 50,
        "years_of_cooperation": 0,
        "industry_position": 50,
        "payment_credit": 0,
        "growth_potential": 0,
        "strategic_synergy": 0,
        "loyalty": 0,
    }
    from tools.config import ScoringConfig

    cfg = ScoringConfig.model_validate({"qualification": {"weights": w}})
    account(world, "A2", employees=1_000)  # position 75
    order(world, "o1", "A2", "X", 1_000_000, ago(1))  # amount 75
    assert (
        qualify_account(world, user=user_map(world)["rep1"], account="A2", as_of=AS_OF, config=cfg).grade == "A"
    )  # 75.0 is A
    account(world, "A3", employees=999)  # position 50
    order(world, "o2", "A3", "X", 999_999, ago(1))  # amount 50
    r3 = qualify_account(world, user=user_map(world)["rep1"], account="A3", as_of=AS_OF, config=cfg)
    assert (r3.score, r3.grade) == (50.0, "B")


def test_payment_credit_risk_penalties_and_dishonest_debtor(world: Session) -> None:
    account(world, "A1")
    order(world, "o1", "A1", "X", 100, ago(50), due_at=ago(20), paid_at=ago(21))
    order(world, "o2", "A1", "X", 100, ago(40), due_at=ago(0))  # due today, unpaid: not judged yet
    risk(world, "r1", "A1", "lawsuit", ago(30), severity="medium")
    risk(world, "r2", "A1", "negative_news", ago(400), severity="high")  # outside the window
    u = user_map(world)["rep1"]
    assert _dims(qualify_account(world, user=u, account="A1", as_of=AS_OF))["payment_credit"] == (80.0, 1.0)
    risk(world, "r3", "A1", "dishonest_debtor", ago(5), severity="high")
    assert _dims(qualify_account(world, user=u, account="A1", as_of=AS_OF))["payment_credit"] == (0.0, 1.0)


@pytest.mark.parametrize(
    ("current", "score", "ratio"), [(90, 50.0, -0.1), (89.99, 25.0, -0.1001), (110, 75.0, 0.1), (130, 100.0, 0.3)]
)
def test_growth_bands(world: Session, current: float, score: float, ratio: float) -> None:
    account(world, "A1")
    order(world, "o1", "A1", "X", 100, ago(500))
    order(world, "o2", "A1", "X", current, ago(10))
    r = qualify_account(world, user=user_map(world)["rep1"], account="A1", as_of=AS_OF)
    assert _dims(r)["growth_potential"] == (score, ratio)


def test_qualification_access(world: Session) -> None:
    account(world, "A1", owner="u-rep2")
    with pytest.raises(NotFoundError):
        qualify_account(world, user=user_map(world)["rep1"], account="A1", as_of=AS_OF)
    assert qualify_account(world, user=user_map(world)["mgr"], account="A1", as_of=AS_OF).account_id == "A1"


@pytest.fixture
def dupes(world: Session) -> Session:
    s = world
    account(s, "A1", name="华星制造有限公司", registry_id="91310000MA1K000001")
    account(s, "A2", name="华星制造股份有限公司", owner="u-rep3")  # same normalised name, other owner
    account(s, "A3", name="Acme Trading", owner="u-rep2", registry_id="91310000-MA1K000001")  # same registry id
    account(s, "A4", name="Unrelated Co")
    account(s, "B1", name="Orion Robotics Co., Ltd.")
    account(s, "B2", name="Orion Robotic Ltd", owner="u-rep2")
    contact(s, "cb1", "B1", email="a@orion.cn")
    contact(s, "cb2", "B2", email="b@orion.cn")
    return s


def test_duplicates_name_owner_and_hidden_details(dupes: Session) -> None:
    r = account_duplicates(dupes, user=user_map(dupes)["rep1"], account="A1", as_of=AS_OF)
    got = [(c.account_id, c.account_name, c.owner_name, c.reason, c.visible) for c in r.candidates]
    assert got == [
        (None, "Acme Trading", "Rep Two", "registry_id", False),
        (None, "华星制造股份有限公司", "Rep Three", "same_name", False),
    ]
    assert "A3" not in r.model_dump_json() and "A2" not in r.model_dump_json()
    m = account_duplicates(dupes, user=user_map(dupes)["mgr"], account="A1", as_of=AS_OF)
    assert [(c.account_id, c.visible) for c in m.candidates] == [("A3", True), (None, False)]
    similar = account_duplicates(dupes, user=user_map(dupes)["admin"], account="B1", as_of=AS_OF)
    assert [(c.account_id, c.reason, c.shared) for c in similar.candidates] == [("B2", "similar_name", ["orion.cn"])]
    assert account_duplicates(dupes, user=user_map(dupes)["rep1"], account="A4", as_of=AS_OF).candidates == []
    with pytest.raises(NotFoundError):
        account_duplicates(dupes, user=user_map(dupes)["rep1"], account="A2", as_of=AS_OF)


def test_lead_duplicates(dupes: Session) -> None:
    lead(dupes, "L1", company="华星制造")
    r = lead_duplicates(dupes, user=user_map(dupes)["rep1"], lead="L1", as_of=AS_OF)
    assert [(c.account_id, c.account_name, c.owner_name) for c in r.candidates] == [
        ("A1", "华星制造有限公司", "Rep One"),
        (None, "华星制造股份有限公司", "Rep Three"),
    ]
