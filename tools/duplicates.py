"""Duplicate check 撞单 (domain.md section 10) for one account or lead, over :mod:`assistant.crm.dedupe`.

The matching rules (same registry id; same name after normalising legal suffixes, width, case and
punctuation; name similarity >= 90 with a shared phone or company e-mail domain) live in
``assistant.crm.dedupe``; this tool applies them to one target and decides what the user may learn.

Access: the target must be visible (else NotFoundError). The point of a 撞单 check is to learn that
someone else already holds the customer, so a candidate the user may not see is still reported
with its name, its owner and the reason, but without its id or any other detail (``visible``
false). The evidence strings are what both records share, i.e. the target's own data.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.dedupe import (
    FUZZY_THRESHOLD,
    CompanyProbe,
    DuplicateCandidate,
    DuplicateReason,
    find_candidates,
    find_duplicate_pairs,
    load_account_facts,
)
from assistant.crm.models import Account, User
from tools.base import Evidence, Threshold, ToolResult
from tools.lookup import resolve_account, resolve_lead
from tools.scoping import visible


class DuplicateMatch(BaseModel):
    """An existing account that may be the same customer, with its owner."""

    account_id: str | None
    account_name: str
    visible: bool
    owner_name: str | None
    owner_email: str | None
    reason: str
    score: float
    shared: list[str]


class DuplicatesResult(ToolResult):
    """Duplicate candidates of one account or lead, strongest first."""

    target_kind: str
    target_id: str
    target_name: str
    as_of: date
    candidates: list[DuplicateMatch]


def _visible_ids(session: Session, user: User, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    query = select(col(Account.id)).where(col(Account.id).in_(ids), visible(user, Account.id))
    return set(session.execute(query).scalars().all())


def _matches(session: Session, user: User, found: list[DuplicateCandidate]) -> list[DuplicateMatch]:
    seen = _visible_ids(session, user, sorted({c.account.id for c in found}))
    return [
        DuplicateMatch(
            account_id=c.account.id if c.account.id in seen else None,
            account_name=c.account.name,
            visible=c.account.id in seen,
            owner_name=c.account.owner_name,
            owner_email=c.account.owner_email,
            reason=c.reason.value,
            score=c.score,
            shared=list(c.evidence),
        )
        for c in found
    ]


def _thresholds() -> list[Threshold]:
    return [
        Threshold(name="rules", value=["registry_id", "same_name", "similar_name"], rule="strongest reason first"),
        Threshold(name="fuzzy_threshold", value=FUZZY_THRESHOLD, rule="similar_name also needs a shared phone/domain"),
    ]


def account_duplicates(session: Session, *, user: User, account: str, as_of: date) -> DuplicatesResult:
    """Accounts that may duplicate ``account`` (id or name), each with its owner (撞单 check).

    Candidates the user may not see are named with their owner but without id or details.
    Raises NotFoundError when the account does not exist or is not visible to ``user``.
    ``as_of`` is recorded only: the check runs on the records as they are.
    """
    target = resolve_account(session, user=user, ref=account)
    pairs = find_duplicate_pairs(load_account_facts(session), among=[target.id])
    found = [
        DuplicateCandidate(
            account=p.second if p.first.id == target.id else p.first,
            reason=p.reason,
            score=p.score,
            evidence=p.evidence,
        )
        for p in pairs
    ]
    order = list(DuplicateReason)
    found.sort(key=lambda c: (order.index(c.reason), -c.score, c.account.id))
    matches = _matches(session, user, found)
    return DuplicatesResult(
        target_kind="account",
        target_id=target.id,
        target_name=target.name,
        as_of=as_of,
        candidates=matches,
        evidence=[
            Evidence(record="account", id=target.id, values={"name": target.name, "registry_id": target.registry_id}),
            *[
                Evidence(record="account", id=m.account_id, values={"reason": m.reason, "shared": m.shared})
                for m in matches
                if m.account_id is not None
            ],
        ],
        thresholds=_thresholds(),
    )


def lead_duplicates(session: Session, *, user: User, lead: str, as_of: date) -> DuplicatesResult:
    """Existing accounts that may be the company of ``lead`` (id or company), each with its owner.

    Same access rule as :func:`account_duplicates`. Raises NotFoundError for an invisible lead.
    """
    target = resolve_lead(session, user=user, ref=lead)
    found = find_candidates(session, CompanyProbe(name=target.company))
    matches = _matches(session, user, found)
    return DuplicatesResult(
        target_kind="lead",
        target_id=target.id,
        target_name=target.company,
        as_of=as_of,
        candidates=matches,
        evidence=[Evidence(record="lead", id=target.id, values={"company": target.company})],
        thresholds=_thresholds(),
    )
