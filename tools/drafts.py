"""Follow-up e-mail drafts (domain.md section 13): recap, agreed next steps, asks that close C139
gaps, in the customer's language. Drafts are stored as :class:`~assistant.crm.draft_models.Draft`
rows and NEVER sent: nothing here opens a connection other than the database's.

How a draft is made (all deterministic, as of ``as_of``):
- Source: the most recent meeting note of the opportunity (when one is given and has notes), else
  of the account, dated on or before ``as_of``; recap and next steps come from its sentences
  (:mod:`tools.draft_text`).
- Opportunity: the one given; else the note's, when it is open; else the account's open
  opportunity closing first (then largest amount, then id). Its C139 gaps become asks.
- Language: :func:`tools.customer_language.customer_language` (the customer's recent documents).
- Recipient: a contact with an e-mail, coach (champion) first, then decision maker, then any
  supporter; within a role supporter before neutral before opponent, higher influence, then id.
The caller commits (the service's unit of work); the row is flushed here.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.draft_models import DRAFT_STATUS, Draft
from assistant.crm.enums import DocumentKind, OpportunityStatus
from assistant.crm.models import Contact, Document, Opportunity, User
from tools.base import Evidence, NotFoundError, ToolError, ToolResult
from tools.c139 import assess_c139
from tools.customer_language import customer_language
from tools.draft_text import NoteSentence, recap_and_next_steps
from tools.draft_wording import DraftAsk, compose_body, gap_asks, subject_line
from tools.engagement import end_of_day
from tools.lookup import resolve_account, resolve_opportunity
from tools.scoping import visible

MAX_ABOUT = 2000
MAX_SUBJECT = 500
_ROLE_RANK = {"coach": 0, "decision_maker": 1}
_STANCE_RANK = {"supporter": 0, "neutral": 1, None: 2, "opponent": 3}


class DraftInputError(ToolError, ValueError):
    """A draft field is invalid (the message names the field)."""


class DraftView(ToolResult):
    """A stored draft. ``sent`` is always false: Tillage saves drafts and never sends them."""

    id: str
    account_id: str
    opportunity_id: str | None
    author_id: str
    to: list[str]
    subject: str
    body: str
    language: str
    source_document_id: str | None
    created_at: datetime
    updated_at: datetime
    status: str
    sent: bool = False


class Recipient(BaseModel):
    """The contact the draft is addressed to."""

    contact_id: str
    name: str
    title: str | None
    role: str | None
    email: str


class DraftResult(DraftView):
    """A new draft with how it was made: recap and next steps (from ``source_document_id``), asks."""

    account_name: str
    as_of: date
    recipient: Recipient | None
    recap: list[NoteSentence]
    next_steps: list[NoteSentence]
    asks: list[DraftAsk]
    c139_total: float | None
    language_basis: str


def _view(row: Draft, evidence: list[Evidence] | None = None) -> DraftView:
    return DraftView(**row.model_dump(), evidence=evidence or [Evidence(record="draft", id=row.id)])


def _last_note(session: Session, account_id: str, opportunity_id: str | None, as_of: date) -> Document | None:
    query = select(Document).where(
        col(Document.account_id) == account_id,
        col(Document.kind) == DocumentKind.MEETING_NOTE.value,
        col(Document.occurred_at) < end_of_day(as_of),
    )
    order = (col(Document.occurred_at).desc(), col(Document.id).desc())
    if opportunity_id is not None:
        found: Document | None = session.execute(
            query.where(col(Document.opportunity_id) == opportunity_id).order_by(*order).limit(1)
        ).scalar_one_or_none()
        if found is not None:
            return found
    latest: Document | None = session.execute(query.order_by(*order).limit(1)).scalar_one_or_none()
    return latest


def _pick_opportunity(session: Session, account_id: str, note: Document | None) -> Opportunity | None:
    if note is not None and note.opportunity_id is not None:
        opp = session.get(Opportunity, note.opportunity_id)
        if opp is not None and opp.account_id == account_id and opp.status == OpportunityStatus.OPEN.value:
            return opp
    return session.execute(
        select(Opportunity)
        .where(col(Opportunity.account_id) == account_id, col(Opportunity.status) == OpportunityStatus.OPEN.value)
        .order_by(
            col(Opportunity.expected_close).is_(None),
            col(Opportunity.expected_close),
            col(Opportunity.amount).desc(),
            col(Opportunity.id),
        )
        .limit(1)
    ).scalar_one_or_none()


def _recipient(session: Session, account_id: str) -> Contact | None:
    contacts = session.execute(
        select(Contact).where(col(Contact.account_id) == account_id, col(Contact.email).is_not(None))
    ).scalars()
    ranked = []
    for c in contacts:
        if not (c.email or "").strip():
            continue
        role_rank = _ROLE_RANK.get(c.role or "", 2 if c.stance == "supporter" else None)
        if role_rank is None:
            continue
        ranked.append(((role_rank, _STANCE_RANK.get(c.stance, 2), -(c.influence or 0), c.id), c))
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


def draft_follow_up(
    session: Session,
    *,
    user: User,
    account_id: str,
    opportunity_id: str | None = None,
    about: str | None = None,
    as_of: date,
    now: datetime | None = None,
) -> DraftResult:
    """Write and SAVE (never send) a follow-up e-mail draft for a visible account as of ``as_of``:
    recap of the last meeting note (cited), agreed next steps, asks that close the C139 gaps of the
    opportunity, in the customer's language, addressed to the champion or decision maker.

    Raises NotFoundError when the account (or the opportunity, or it is not of this account) is
    missing or not visible; DraftInputError when ``about`` is too long.
    """
    about = (about or "").strip() or None
    if about is not None and len(about) > MAX_ABOUT:
        raise DraftInputError(f"about: at most {MAX_ABOUT} characters (got {len(about)})")
    acc = resolve_account(session, user=user, ref=account_id)
    opp: Opportunity | None = None
    if opportunity_id is not None:
        opp = resolve_opportunity(session, user=user, ref=opportunity_id)
        if opp.account_id != acc.id:
            raise NotFoundError("opportunity", opportunity_id)
    note = _last_note(session, acc.id, opp.id if opp else None, as_of)
    if opp is None:
        opp = _pick_opportunity(session, acc.id, note)
    spoken = customer_language(session, acc, as_of)
    language = spoken.language
    contact = _recipient(session, acc.id)
    evidence = [Evidence(record="account", id=acc.id, values={"name": acc.name})]
    recap: list[NoteSentence] = []
    steps: list[NoteSentence] = []
    met_on: date | None = None
    if note is not None:
        recap, steps = recap_and_next_steps(note.body)
        assert note.occurred_at is not None  # the query keeps dated notes only
        met_on = note.occurred_at.astimezone(UTC).date()
        evidence.append(Evidence(record="document", id=note.id, values={"kind": note.kind, "occurred_at": str(met_on)}))
    asks: list[DraftAsk] = []
    c139_total: float | None = None
    if opp is not None and opp.status == OpportunityStatus.OPEN.value:
        c139 = assess_c139(session, user=user, opportunity=opp.id, as_of=as_of)
        c139_total = c139.total
        asks = gap_asks(c139, opp, language=language, recipient_id=contact.id if contact else None)
        evidence.append(
            Evidence(
                record="opportunity",
                id=opp.id,
                values={"c139_total": c139.total, "gaps": {g.part: g.score for g in c139.gaps}},
            )
        )
    if contact is not None:
        evidence.append(
            Evidence(record="contact", id=contact.id, values={"role": contact.role, "email": contact.email})
        )
    evidence += [Evidence(record="document", id=d, values={"used_for": "language"}) for d in spoken.document_ids]
    topic = opp.name if opp is not None else acc.name
    subject = subject_line(language=language, topic=topic, about=about, met_on=met_on)[:MAX_SUBJECT]
    body = compose_body(
        language=language,
        recipient=contact.name if contact else None,
        met_on=met_on,
        recap=[s.text for s in recap],
        next_steps=[s.text for s in steps],
        about=about,
        asks=[a.text for a in asks],
        signature=user.name,
    )
    stamp = now or datetime.now(UTC)
    row = Draft(
        id="drf-" + uuid.uuid4().hex[:16],
        account_id=acc.id,
        opportunity_id=opp.id if opp else None,
        author_id=user.id,
        to=[contact.email] if contact and contact.email else [],
        subject=subject,
        body=body,
        language=language,
        source_document_id=note.id if note else None,
        created_at=stamp,
        updated_at=stamp,
        status=DRAFT_STATUS,
    )
    session.add(row)
    session.flush()
    recipient = None
    if contact is not None and contact.email:
        recipient = Recipient(
            contact_id=contact.id, name=contact.name, title=contact.title, role=contact.role, email=contact.email
        )
    return DraftResult(
        **_view(row, evidence).model_dump(),
        account_name=acc.name,
        as_of=as_of,
        recipient=recipient,
        recap=recap,
        next_steps=steps,
        asks=asks,
        c139_total=c139_total,
        language_basis=spoken.basis,
    )


def _visible_draft(session: Session, user: User, draft_id: str) -> Draft:
    row: Draft | None = session.execute(
        select(Draft).where(col(Draft.id) == draft_id.strip(), visible(user, Draft.account_id))
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("draft", draft_id)
    return row


def get_draft(session: Session, *, user: User, draft_id: str) -> DraftView:
    """A saved draft on an account the user may see (NotFoundError for missing and foreign alike)."""
    return _view(_visible_draft(session, user, draft_id))


def update_draft(
    session: Session,
    *,
    user: User,
    draft_id: str,
    subject: str | None = None,
    body: str | None = None,
    now: datetime | None = None,
) -> DraftView:
    """Edit the subject and/or body of a visible draft; it stays a draft (nothing is sent).

    Raises NotFoundError (missing or foreign) or DraftInputError (empty or too long a field).
    """
    if subject is None and body is None:
        raise DraftInputError("nothing to update: give a subject or a body")
    if subject is not None:
        subject = subject.strip()
        if not subject or "\n" in subject or len(subject) > MAX_SUBJECT:
            raise DraftInputError(f"subject: must be one non-empty line of at most {MAX_SUBJECT} characters")
    if body is not None and not body.strip():
        raise DraftInputError("body: must not be empty")
    row = _visible_draft(session, user, draft_id)
    if subject is not None:
        row.subject = subject
    if body is not None:
        row.body = body
    row.updated_at = now or datetime.now(UTC)
    session.add(row)
    session.flush()
    return _view(row)
