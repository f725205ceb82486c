"""A small hand-built world for the briefing and draft tests.

Users: admin, manager with rep1 and rep2, and rep3 outside the team.
Customer tree 华东集团 (grp, rep1) with subsidiaries 华东精密制造 (acc-zh, rep1), East Star Logistics
(acc-en, rep1) and 华东能源 (acc-sib, rep2: invisible to rep1). acc-far belongs to rep3.
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
        Account(id="acc-far", name="Faraway Trading", owner_id="u-rep3"),
    )
    _contacts(session)
    _deals(session)
    _documents(session)


def _contacts(session: Session) -> None:
    _add(
        session,
        Contact(
            id="c-coach",
            account_id="acc-zh",
            name="李明",
            title="采购经理",
            department="采购部",
            role="coach",
            influence=3,
            stance="supporter",
            strength=4,
            layer="key",
            email="li.ming@hdjm.cn",
            last_contacted=ago(10),
        ),
        Contact(
            id="c-dm",
            account_id="acc-zh",
            name="张伟",
            title="总经理",
            department="总经办",
            role="decision_maker",
            influence=5,
            stance="neutral",
            strength=2,
            layer="key",
            email="zhang.wei@hdjm.cn",
        ),
        Contact(
            id="c-fin",
            account_id="acc-zh",
            name="王芳",
            title="财务总监",
            department="财务部",
            role="financial",
            influence=4,
            stance="neutral",
            layer="key",
            email="wang.fang@hdjm.cn",
        ),
        Contact(
            id="c-tech",
            account_id="acc-zh",
            name="赵强",
            title="信息部主管",
            department="信息部",
            role="technical",
            influence=3,
            stance="supporter",
            strength=3,
            layer="general",
            last_contacted=ago(20),
        ),
        Contact(
            id="c-en-dm",
            account_id="acc-en",
            name="Tom Baker",
            title="COO",
            department="Operations",
            role="decision_maker",
            influence=5,
            stance="supporter",
            layer="key",
            email="tom@eaststar.com",
            last_contacted=ago(15),
        ),
        Contact(id="c-far", account_id="acc-far", name="Far Away", role="coach", email="far@faraway.com"),
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
    _add(
        session,
        Order(
            id="ord-1",
            account_id="acc-zh",
            opportunity_id="opp-zh-won",
            product="QMS",
            amount=120_000.0,
            ordered_at=ago(200),
            due_at=ago(170),
            paid_at=ago(175),
        ),
        Order(
            id="ord-2",
            account_id="acc-zh",
            product="QMS 维保",
            amount=80_000.0,
            ordered_at=ago(40),
            due_at=ago(10),
            paid_at=ago(12),
        ),
        Order(id="ord-3", account_id="acc-zh", product="备件", amount=30_000.0, ordered_at=ago(100), due_at=ago(70)),
        Order(
            id="ord-en",
            account_id="acc-en",
            product="WMS",
            amount=50_000.0,
            ordered_at=ago(300),
            due_at=ago(270),
            paid_at=ago(280),
        ),
        Order(
            id="ord-sib",
            account_id="acc-sib",
            product="能源管理平台",
            amount=500_000.0,
            ordered_at=ago(60),
            paid_at=ago(50),
        ),
        Order(id="ord-far", account_id="acc-far", product="X", amount=10.0, ordered_at=ago(5), paid_at=ago(5)),
    )
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


def _documents(session: Session) -> None:
    _add(
        session,
        Document(
            id="doc-zh-old",
            account_id="acc-zh",
            opportunity_id="opp-zh",
            kind="meeting_note",
            occurred_at=at(ago(60)),
            subject="初次拜访",
            body=OLD_NOTE_ZH,
            language="zh",
        ),
        Document(
            id="doc-en-note",
            account_id="acc-zh",
            kind="meeting_note",
            occurred_at=at(ago(45)),
            subject="Site visit",
            body="The plant manager was pleased with the pilot results.",
            language="en",
        ),
        Document(
            id="doc-zh-last",
            account_id="acc-zh",
            opportunity_id="opp-zh",
            kind="meeting_note",
            occurred_at=at(ago(7)),
            subject="MES 方案评审会",
            body=LAST_NOTE_ZH,
            language="zh",
        ),
        Document(
            id="doc-zh-mail",
            account_id="acc-zh",
            opportunity_id="opp-zh",
            kind="email",
            occurred_at=at(ago(3)),
            subject="回复：报价",
            body="价格太高，我们很失望。",
            language="zh",
        ),
        Document(
            id="doc-zh-future",
            account_id="acc-zh",
            opportunity_id="opp-zh",
            kind="meeting_note",
            occurred_at=at(AS_OF + timedelta(days=1)),
            subject="未来会议",
            body="下一步：签约。",
            language="zh",
        ),
        Document(
            id="doc-en-1",
            account_id="acc-en",
            opportunity_id="opp-en",
            kind="meeting_note",
            occurred_at=at(ago(5)),
            subject="Delivery review",
            body=NOTE_EN,
            language="en",
        ),
        Document(
            id="doc-far",
            account_id="acc-far",
            kind="meeting_note",
            occurred_at=at(ago(2)),
            subject="Far note",
            body="We agreed to meet next week.",
            language="en",
        ),
    )
