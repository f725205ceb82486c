"""tools/accounts.py on SQLite and PostgreSQL: visibility, hand-computed overview, contacts by role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from agent_world import AS_OF, REP1_ACCOUNTS, build_world
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm.access import get_user
from tools.accounts import account_overview, find_contacts, list_my_accounts, visible_account_names
from tools.base import AmbiguousError, NotFoundError, ToolError


@pytest.fixture
def world(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        build_world(session)
        yield session


def test_list_my_accounts_applies_the_access_rule(world: Session) -> None:
    rep1 = get_user(world, email="rep1@t.example")
    result = list_my_accounts(world, user=rep1)
    assert [a.id for a in result.accounts] == REP1_ACCOUNTS
    assert result.count == 3
    assert result.accounts[0].owner_name == "Rita Rep"
    assert [e.id for e in result.evidence] == REP1_ACCOUNTS
    manager = get_user(world, email="mgr@t.example")
    assert list_my_accounts(world, user=manager).count == 5
    assert [a.id for a in list_my_accounts(world, user=rep1, status="HIGH_RISK").accounts] == ["A-002"]
    assert [a.id for a in list_my_accounts(world, user=manager, tier="d").accounts] == ["A-006"]


def test_account_overview_by_hand(world: Session) -> None:
    rep1 = get_user(world, email="rep1@t.example")
    result = account_overview(world, user=rep1, account="Acme", as_of=AS_OF)
    assert result.account["id"] == "A-001"
    assert result.owner.id == "U-R1"
    assert result.parent is None
    assert result.subsidiaries == 1  # A-006 belongs to rep2 and stays invisible
    assert [o.id for o in result.open_opportunities] == ["O-1", "O-2"]  # dated first
    assert result.open_amount == {"CNY": 1_500_000.0}
    assert result.last_order is not None and result.last_order.id == "ORD-2"  # ORD-3 is after as_of
    assert result.last_order.paid_at is None
    assert result.last_activity is not None and result.last_activity.id == "ACT-1"
    assert result.counts == {
        "contacts": 3,
        "opportunities_open": 2,
        "opportunities_won": 1,
        "orders": 2,
        "activities": 1,
        "documents": 1,
        "tickets_open": 1,
        "risk_events": 0,
    }
    cited = [(e.record, e.id) for e in result.evidence]
    assert cited == [("account", "A-001"), ("opportunity", "O-1"), ("opportunity", "O-2"), ("order", "ORD-2"),
                     ("activity", "ACT-1")]  # fmt: skip
    manager = get_user(world, email="mgr@t.example")
    assert account_overview(world, user=manager, account="A-001").subsidiaries == 2
    assert account_overview(world, user=manager, account="A-001").counts["orders"] == 3  # no as_of: all


def test_parent_shown_only_when_visible(world: Session) -> None:
    rep1 = get_user(world, email="rep1@t.example")
    rep2 = get_user(world, email="rep2@t.example")
    suzhou = account_overview(world, user=rep1, account="A-005")
    assert suzhou.parent is not None and suzhou.parent.id == "A-001"
    wuxi = account_overview(world, user=rep2, account="A-006")
    assert wuxi.parent is None


def test_invisible_account_answers_like_a_missing_one(world: Session) -> None:
    rep1 = get_user(world, email="rep1@t.example")
    with pytest.raises(NotFoundError) as hidden:
        account_overview(world, user=rep1, account="A-003")
    with pytest.raises(NotFoundError) as missing:
        account_overview(world, user=rep1, account="A-999")
    assert str(hidden.value).replace("A-003", "X") == str(missing.value).replace("A-999", "X")
    with pytest.raises(NotFoundError):
        find_contacts(world, user=rep1, account="A-003")
    manager = get_user(world, email="mgr@t.example")
    with pytest.raises(AmbiguousError):  # the manager sees both accounts called "Acme"
        account_overview(world, user=manager, account="Acme")


def test_find_contacts_by_role(world: Session) -> None:
    rep1 = get_user(world, email="rep1@t.example")
    everyone = find_contacts(world, user=rep1, account="A-001")
    assert [c.id for c in everyone.contacts] == ["C-1", "C-2", "C-3"]  # influence 5, 4, 3
    cfo = find_contacts(world, user=rep1, account="Acme", role="Financial")
    assert cfo.role == "financial" and [c.name for c in cfo.contacts] == ["Li Na"]
    assert find_contacts(world, user=rep1, account="长城精密", role="decision maker").contacts[0].id == "C-4"
    assert find_contacts(world, user=rep1, account="A-002", role="coach").count == 0
    with pytest.raises(ToolError, match="role must be one of"):
        find_contacts(world, user=rep1, account="A-001", role="boss")


def test_visible_account_names(world: Session) -> None:
    rep2 = get_user(world, email="rep2@t.example")
    names = visible_account_names(world, user=rep2)
    assert [(n.id, n.aliases) for n in names] == [("A-003", ["Acme"]), ("A-006", [])]
