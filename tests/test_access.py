"""Who may see what (domain.md section 14) on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm.access import UnknownUserError, can_see_account, get_user, visible_account_ids
from assistant.crm.models import Account, User

# head -> (mgr -> (rep_a, rep_b)), rep_c reports to head directly; admin outside the tree.
USERS = [
    ("head", "head@x.com", "manager", None),
    ("mgr", "mgr@x.com", "manager", "head"),
    ("rep_a", "a@x.com", "rep", "mgr"),
    ("rep_b", "b@x.com", "rep", "mgr"),
    ("rep_c", "c@x.com", "rep", "head"),
    ("admin", "admin@x.com", "admin", None),
    ("other_mgr", "other@x.com", "manager", None),
]
ACCOUNTS = {
    "acc_a": "rep_a",
    "acc_a2": "rep_a",
    "acc_b": "rep_b",
    "acc_c": "rep_c",
    "acc_m": "mgr",
    "acc_o": "other_mgr",
}


@pytest.fixture
def org(engine: Engine) -> Engine:
    with Session(engine) as session:
        for uid, email, role, manager in USERS:
            session.add(User(id=uid, email=email, name=uid, role=role, manager_id=manager))
            session.flush()
        for aid, owner in ACCOUNTS.items():
            session.add(Account(id=aid, name=aid, owner_id=owner))
        session.commit()
    return engine


def _visible(engine: Engine, email: str) -> set[str]:
    with Session(engine) as session:
        user = get_user(session, email=email)
        return set(session.execute(visible_account_ids(user)).scalars())


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("a@x.com", {"acc_a", "acc_a2"}),
        ("b@x.com", {"acc_b"}),
        ("mgr@x.com", {"acc_a", "acc_a2", "acc_b", "acc_m"}),
        ("head@x.com", {"acc_a", "acc_a2", "acc_b", "acc_c", "acc_m"}),
        ("other@x.com", {"acc_o"}),
        ("admin@x.com", set(ACCOUNTS)),
    ],
)
def test_visibility_follows_the_reporting_tree(org: Engine, email: str, expected: set[str]) -> None:
    assert _visible(org, email) == expected


def test_can_see_account_is_false_for_foreign_and_missing(org: Engine) -> None:
    with Session(org) as session:
        rep = get_user(session, email="A@X.com")
        assert can_see_account(session, user=rep, account_id="acc_a")
        assert not can_see_account(session, user=rep, account_id="acc_b")
        assert not can_see_account(session, user=rep, account_id="does-not-exist")


def test_unknown_user(org: Engine) -> None:
    with Session(org) as session, pytest.raises(UnknownUserError):
        get_user(session, email="nobody@x.com")
