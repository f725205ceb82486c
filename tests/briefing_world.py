"""A small hand-built world for the briefing and draft tests.

Users: admin, manager with rep1 and rep2, and rep3 outside the team.
Customer tree 华东集团 (grp, rep1) with subsidiaries 华东精密制造 (acc-zh, rep1), East Star Logistics
(acc-en, rep1), 华东物流 (acc-ws, rep1, no business: white space) and 华东能源 (acc-sib, rep2:
invisible to rep1). acc-far belongs to rep3.
acc-zh: a coach with e-mail, a neutral decision maker met 30 days ago, a finance director never
met, a technical lead; one open opportunity (price -2 and service -1 against 西门子, value
proposition recorded but not confirmed); paid and overdue orders; a legal-rep-change event;
Chinese meeting notes (the latest with next steps), an older English note and a Chinese e-mail.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from assistant.crm.models import (
    Account,
    Activity,
    ActivityContact,
    Contact,
    Document,
    Opportunity,
    Order,
    RiskEvent,
    User,
)

AS_OF = date(2025, 6, 30)

LAST_NOTE_ZH = (
    "参会人：李明、张伟。\n"
    "客户认可我们的MES方案，但担心价格比西门子高15%。\n"
    "张总希望在7月15日前看到投资回报测算。\n"
    "下一步：我方下周提交修订报价。\n"
    "客户将安排信息部做技术评估。\n"
    "天气很好。"
)
OLD_NOTE_ZH = "初次拜访，介绍了公司情况。客户关注交付周期。"
NOTE_EN = (
    "Met Tom Baker and the operations team. They are worried about delivery delays in Q3. "
    "We agreed to send a revised timeline by Friday. Tom will review the budget with finance."
)


def ago(days: int) -> date:
    """The date ``days`` before AS_OF."""
    return AS_OF - timedelta(days=days)


def at(day: date, hour: int = 12) -> datetime:
    """``hour`` o'clock UTC on ``day``."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _add(session: Session, *rows: Any) -> None:
    for row in rows:
        session.add(row)
    session.commit()


def build(session: Session) -> None:
    """Insert the whole world and commit."""
    _add(
        session,
        User(id="u-admin", email="admin@x.com", name="Admin", role="admin"),
        User(id="u-mgr", email="mgr@x.com", name="Manager Ma", role="manager"),
        User(id="u-rep3", email="rep3@x.com", name="Rep Three", role="rep"),
    )
    _add(
        session,
        User(id="u-rep1", email="rep1@x.com", name="陈晨", role="rep", manager_id="u-mgr"),
        User(id="u-rep2", email="rep2@x.com", name="Rep Two", role="rep", manager_id="u-mgr"),
    )
    _add(session, Account(id="grp", name="华东集团", owner_id="u-rep1", industry="制造", region="华东"))
    _add(
        session,
        Account(
            id="acc-zh",
            name="华东精密制造有限公司",
            aliases=["华东精密", "HDJM"],
            registry_id="91310000123456789X",
            industry="制造",
            region="华东",
            parent_id="grp",
            owner_id="u-rep1",
            tier="B",
            status="active",
            legal_rep="周建国",
        ),
        Account(id="acc-en", name="East Star Logistics", industry="logistics", parent_id="grp", owner_id="u-rep1"),
        Account(id="acc-sib", name="华东能源", industry="能源", parent_id="grp", owner_id="u-rep2"),
        Account(id="acc-ws", name="华东物流", parent_id="grp", owner_id="u-rep1"),
        Account(id="acc-far", name="Faraway Trading", owner_id="u-rep3"),
    )
    _contacts(session)
    _deals(session)
    _documents(session)


#: id, account, name, title, department, role, influence, stance, strength, layer, email, last contacted (days ago)
_CONTACTS: tuple[tuple[Any, ...], ...] = (
    ("c-coach", "acc-zh", "李明", "采购经理", "采购部", "coach", 3, "supporter", 4, "key", "li.ming@hdjm.cn", 10),
    ("c-dm", "acc-zh", "张伟", "总经理", "总经办", "decision_maker", 5, "neutral", 2, "key", "zhang.wei@hdjm.cn", None),
    (
        "c-fin",
        "acc-zh",
        "王芳",
        "财务总监",
        "财务部",
        "financial",
        4,
        "neutral",
        None,
        "key",
        "wang.fang@hdjm.cn",
        None,
    ),
    ("c-tech", "acc-zh", "赵强", "信息部主管", "信息部", "technical", 3, "supporter", 3, "general", None, 20),
    (
        "c-en-dm",
        "acc-en",
        "Tom Baker",
        "COO",
        "Operations",
        "decision_maker",
        5,
        "supporter",
        None,
        "key",
        "tom@eaststar.com",
        15,
    ),
    ("c-far", "acc-far", "Far Away", None, None, "coach", None, None, None, None, "far@faraway.com", None),
)
_CONTACT_FIELDS = (
    "id",
    "account_id",
    "name",
    "title",
    "department",
    "role",
    "influence",
    "stance",
    "strength",
    "layer",
    "email",
)


def _contacts(session: Session) -> None:
    _add(
        session,
        *[
            Contact(
                **dict(zip(_CONTACT_FIELDS, row[:-1], strict=True)),
                last_contacted=None if row[-1] is None else ago(row[-1]),
            )
            for row in _CONTACTS
        ],
    )
    _add(session, Activity(id="act-dm", account_id="acc-zh", kind="meeting", occurred_at=at(ago(30))))
    _add(session, ActivityContact(activity_id="act-dm", contact_id="c-dm"))


def _deals(session: Session) -> None:
    _add(
        session,
        Opportunity(
            id="opp-zh",
            account_id="acc-zh",
            name="MES 升级项目",
            stage="proposal",
            amount=800_000.0,
            owner_id="u-rep1",
            status="open",
            products=["MES"],
            competitor="西门子",
            value_proposition="产线停机时间减少30%",
            customer_pain="停机频繁",
            value_confirmed=False,
            f_price=-2,
            f_product_fit=1,
            f_service=-1,
            f_delivery=0,
            f_technical=1,
            f_brand=0,
            f_relationship=0,
            f_responsiveness=0,
            expected_close=date(2025, 9, 30),
        ),
        Opportunity(
            id="opp-zh-won",
            account_id="acc-zh",
            name="质检系统",
            amount=200_000.0,
            owner_id="u-rep1",
            status="won",
            products=["QMS"],
        ),
        Opportunity(
            id="opp-en",
            account_id="acc-en",
            name="Fleet tracking",
            amount=300_000.0,
            owner_id="u-rep1",
            status="open",
            currency="USD",
            value_proposition="",
            expected_close=date(2025, 8, 31),
        ),
        Opportunity(id="opp-far", account_id="acc-far", name="Far deal", amount=1.0, owner_id="u-rep3", status="open"),
    )
    _add(session, *[Order(**order) for order in _orders()])
    _add(
        session,
        RiskEvent(
            id="risk-1",
            account_id="acc-zh",
            kind="legal_rep_change",
            severity="medium",
            occurred_at=at(ago(20)),
            source="企查查",
            details="法定代表人由刘洋变更为周建国",
        ),
    )


def _orders() -> list[dict[str, Any]]:
    """ord-3 is unpaid and 70 days past due; acc-sib's order makes 能源管理平台 a hidden cross-sell."""
    #       id        account    product        amount     ordered due  paid (days ago)
    rows = [("ord-1", "acc-zh", "QMS", 120_000.0, 200, 170, 175),
            ("ord-2", "acc-zh", "QMS 维保", 80_000.0, 40, 10, 12),
            ("ord-3", "acc-zh", "备件", 30_000.0, 100, 70, None),
            ("ord-en", "acc-en", "WMS", 50_000.0, 300, 270, 280),
            ("ord-sib", "acc-sib", "能源管理平台", 500_000.0, 60, None, 50),
            ("ord-far", "acc-far", "X", 10.0, 5, None, 5)]  # fmt: skip
    return [
        {
            "id": i,
            "account_id": acc,
            "product": product,
            "amount": amount,
            "ordered_at": ago(ordered),
            "due_at": None if due is None else ago(due),
            "paid_at": None if paid is None else ago(paid),
            "opportunity_id": "opp-zh-won" if i == "ord-1" else None,
        }
        for i, acc, product, amount, ordered, due, paid in rows
    ]


#: id, account, opportunity, kind, occurred (days before AS_OF; negative: after), subject, body, language
_DOCUMENTS: tuple[tuple[Any, ...], ...] = (
    ("doc-zh-old", "acc-zh", "opp-zh", "meeting_note", 60, "初次拜访", OLD_NOTE_ZH, "zh"),
    (
        "doc-en-note",
        "acc-zh",
        None,
        "meeting_note",
        45,
        "Site visit",
        "The plant manager was pleased with the pilot results.",
        "en",
    ),
    ("doc-zh-last", "acc-zh", "opp-zh", "meeting_note", 7, "MES 方案评审会", LAST_NOTE_ZH, "zh"),
    ("doc-zh-mail", "acc-zh", "opp-zh", "email", 3, "回复：报价", "价格太高，我们很失望。", "zh"),
    ("doc-zh-future", "acc-zh", "opp-zh", "meeting_note", -1, "未来会议", "下一步：签约。", "zh"),
    ("doc-en-1", "acc-en", "opp-en", "meeting_note", 5, "Delivery review", NOTE_EN, "en"),
    ("doc-far", "acc-far", None, "meeting_note", 2, "Far note", "We agreed to meet next week.", "en"),
)


def _documents(session: Session) -> None:
    _add(
        session,
        *[
            Document(
                id=i,
                account_id=acc,
                opportunity_id=opp,
                kind=kind,
                occurred_at=at(ago(days)),
                subject=subject,
                body=body,
                language=lang,
            )
            for i, acc, opp, kind, days, subject, body, lang in _DOCUMENTS
        ],
    )
