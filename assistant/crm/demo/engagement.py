"""Activities and the documents written about them, for one account.

Every document is the record of an activity (a meeting note of a meeting or visit, an e-mail of an
e-mail activity) with the same time and attendees, so participants are real contacts of the
account and each contact's ``last_contacted`` is the day of the latest activity they attended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from assistant.crm.demo.context import Context
from assistant.crm.demo.deals import OppDraft
from assistant.crm.demo.documents import (
    CUSTOMER_VOICE,
    Situation,
    main_text,
    pick_attendees,
    plan_situations,
    slots,
    subject,
    texts,
)
from assistant.crm.demo.people import ContactDraft
from assistant.crm.demo.plan import AccountPlan
from assistant.crm.demo.render import MAIL_DOMAIN, stored_document

#: (oldest, newest) days ago in which an account of a profile has its interactions.
WINDOWS = {"healthy": (365, 1), "normal": (365, 1), "declining": (365, 1), "dormant": (700, 150), "never": (240, 1)}
_EXTRA = {"healthy": (5, 9), "normal": (3, 7), "declining": (5, 8), "dormant": (1, 3), "never": (1, 3)}
_KINDS = ("call", "meeting", "visit", "email", "webinar", "demo")
_KIND_WEIGHTS = (30, 20, 20, 15, 8, 7)
_KIND_ZH = {
    "call": "电话",
    "meeting": "会议",
    "visit": "拜访",
    "email": "邮件",
    "webinar": "线上研讨会",
    "demo": "演示",
}
_TOPICS_ZH = ("项目进展", "需求细节", "续约安排", "培训计划", "系统使用情况", "商务条款")
_TOPICS_EN = ("project status", "requirements", "renewal", "training plan", "system usage", "commercial terms")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(slots=True)
class _Pending:
    at: datetime
    kind: str
    summary: str
    opportunity_id: str | None
    attendees: list[ContactDraft]
    document: dict[str, Any] | None = None


@dataclass(slots=True)
class Engagement:
    """The rows produced for one account."""

    activities: list[dict[str, Any]] = field(default_factory=list)
    activity_contacts: list[dict[str, str]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)


def make_engagement(
    ctx: Context,
    plan: AccountPlan,
    contacts: list[ContactDraft],
    opps: list[OppDraft],
    orders: list[dict[str, Any]],
    legal_days_ago: int | None,
) -> Engagement:
    """Activities, attendees and documents of one account; sets the contacts' ``last_contacted``."""
    rng = ctx.rng
    situations = plan_situations(ctx, plan, opps, contacts, legal_days_ago)
    oldest, newest = WINDOWS[plan.profile]
    # Distinct days, so that the order of the situations (a declining account's drift) is the order in time.
    offsets = rng.sample(range(newest, oldest + 1), len(situations))
    days = sorted(ctx.days_ago(offset) for offset in offsets)
    pending: list[_Pending] = []
    for situation, day in zip(situations, days, strict=True):
        situation.day = ctx.random_day(*situation.window) if situation.window else day
        pending.append(_documented(ctx, plan, situation, contacts, orders))
    extra = rng.randint(1, 4) if plan.doc_quota > 0 else rng.randint(*_EXTRA[plan.profile])
    for _ in range(extra):
        pending.append(_plain(ctx, plan, ctx.random_day(*WINDOWS[plan.profile]), contacts, opps, None))
    for contact in contacts:
        if contact.reachable_until is not None and rng.random() < 0.8:
            day = max(ctx.days_ago(729), contact.reachable_until - timedelta(days=rng.randint(0, 30)))
            pending.append(_plain(ctx, plan, day, contacts, opps, contact))
    pending.sort(key=lambda item: item.at)
    result = Engagement()
    for item in pending:
        activity_id = ctx.ids.new("activity")
        result.activities.append(
            {
                "id": activity_id,
                "account_id": plan.id,
                "opportunity_id": item.opportunity_id,
                "kind": item.kind,
                "occurred_at": item.at,
                "summary": item.summary,
            }
        )
        for contact in item.attendees:
            result.activity_contacts.append({"activity_id": activity_id, "contact_id": contact.id})
            if contact.last_contacted is None or contact.last_contacted < item.at.date():
                contact.last_contacted = item.at.date()
        if item.document is not None:
            result.documents.append(_finish_document(ctx, item))
    return result


def _when(language: str, at: datetime) -> str:
    if language == "zh":
        return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"
    return f"{at.day} {_MONTHS[at.month - 1]} {at.year}, {at:%H:%M}"


def _overdue_as_of(orders: list[dict[str, Any]], day: date) -> tuple[int, float]:
    late = [
        o for o in orders if o["due_at"] < day - timedelta(days=60) and (o["paid_at"] is None or o["paid_at"] > day)
    ]
    return len(late), float(sum(o["amount"] for o in late))


def _documented(
    ctx: Context, plan: AccountPlan, situation: Situation, contacts: list[ContactDraft], orders: list[dict[str, Any]]
) -> _Pending:
    rng = ctx.rng
    assert situation.day is not None
    overdue = (0, 0.0)
    if situation.key == "overdue":
        overdue = _overdue_as_of(orders, situation.day)
        if overdue[0] == 0:
            situation.day = ctx.days_ago(1)
            overdue = _overdue_as_of(orders, situation.day)
    language = plan.lang
    if situation.key in ("positive", "progress", "intro", "dormant", "service", "decline") and rng.random() < 0.08:
        language = "en" if plan.lang == "zh" else "zh"
    bank = texts(language)
    draw = rng.random()
    if situation.key in ("finance_absent", "legal_rep"):
        form = "note"
    elif situation.key == "overdue":
        form = "out"
    elif situation.key == "injection":
        form = "in"
    elif situation.key in CUSTOMER_VOICE:
        form = "note" if draw < 0.55 else "in" if draw < 0.8 else "out"
    else:
        form = "note" if draw < 0.7 else "out"
    at = ctx.at_work(situation.day)
    attendees = pick_attendees(ctx, situation, situation.day, contacts)
    if not attendees and form != "note":
        form = "note"
    values = slots(ctx, plan, situation, language, attendees, contacts, overdue)
    text = main_text(ctx, situation, language, "customer" if form == "in" else "note", values)
    title = subject(ctx, situation, language, values)
    owner = ctx.users[plan.owner_id]
    opp_id = situation.opp.id if situation.opp is not None else None
    if form == "note":
        names = bank.LIST_JOIN.join([c.name for c in attendees] + [owner.name])
        header = bank.note_header(_when(language, at), rng.choice(bank.PLACES), names, owner.name)
        body = f"{header}\n\n{text}\n\n{bank.next_step_line(rng.choice(bank.NEXT_STEPS))}"
        kind = (
            "meeting"
            if situation.key == "finance_absent"
            else rng.choices(("meeting", "visit", "demo", "call"), (45, 30, 10, 15))[0]
        )
        document = _document_row(
            plan,
            opp_id,
            "meeting_note",
            owner.email,
            [c.email for c in attendees],
            at,
            bank.NOTE_PREFIX + title,
            body,
            language,
        )
        return _Pending(at, kind, title, opp_id, attendees, document)
    if form == "out":
        greeting_name = attendees[0].name if attendees else values["account"]
        body = (
            f"{bank.greeting(greeting_name)}\n\n{text}\n\n{bank.next_step_line(rng.choice(bank.NEXT_STEPS))}"
            f"\n\n{bank.sign_off_ours(owner.name)}"
        )
        addresses = [owner.email, *(c.email for c in attendees)]
    else:
        first = attendees[0]
        body = f"{bank.greeting(owner.name)}\n\n{text}\n\n{bank.sign_off_customer(first.name, first.title, plan.name)}"
        addresses = [first.email, owner.email, *(c.email for c in attendees[1:])]
        title = f"Re: {title}" if rng.random() < 0.5 else title
    # Participants as the importer reads them: From, then To, then Cc.
    document = _document_row(plan, opp_id, "email", addresses[0], addresses, at, title, body, language)
    return _Pending(at, "email", title, opp_id, attendees, document)


def _document_row(
    plan: AccountPlan,
    opp_id: str | None,
    kind: str,
    author: str,
    participants: list[str],
    at: datetime,
    title: str,
    body: str,
    language: str,
) -> dict[str, Any]:
    return {
        "id": "",
        "account_id": plan.id,
        "opportunity_id": opp_id,
        "kind": kind,
        "author": author,
        "participants": participants,
        "occurred_at": at,
        "subject": title,
        "body": body,
        "language": language,
    }


def _finish_document(ctx: Context, item: _Pending) -> dict[str, Any]:
    """Give the document its id and store it as the importer would store its file."""
    draft = item.document
    assert draft is not None
    draft["id"] = ctx.ids.new("document")
    if draft["kind"] == "email":
        # An e-mail is known by its Message-ID.
        draft["id"] += f"@{MAIL_DOMAIN}"
    return stored_document(draft)


def _plain(
    ctx: Context,
    plan: AccountPlan,
    day: date,
    contacts: list[ContactDraft],
    opps: list[OppDraft],
    must: ContactDraft | None,
) -> _Pending:
    """An activity without a document: a call, visit, webinar... with a one-line summary."""
    rng = ctx.rng
    kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
    available = [c for c in contacts if c.reachable(day) and c is not must]
    attendees = ([must] if must is not None else []) + rng.sample(
        available, min(len(available), rng.randint(0 if must else 1, 2))
    )
    open_opps = [o for o in opps if o.status == "open"]
    opp_id = rng.choice(open_opps).id if open_opps and rng.random() < 0.4 else None
    if plan.lang == "zh":
        names = "、".join(c.name for c in attendees) or "客户"
        summary = f"{_KIND_ZH[kind]}:与{names}沟通{rng.choice(_TOPICS_ZH)}"
    else:
        names = ", ".join(c.name for c in attendees) or "the customer"
        summary = f"{kind.capitalize()} with {names} about {rng.choice(_TOPICS_EN)}"
    return _Pending(ctx.at_work(day), kind, summary, opp_id, attendees)
