"""Resolve what a person typed (an id, a name, an alias) to one visible record.

Access is applied inside the query. A name matching several accounts raises
:class:`~tools.base.AmbiguousError` with the candidates instead of guessing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from rapidfuzz import fuzz, process
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from assistant.crm.access import account_visible, team_user_ids
from assistant.crm.models import Account, Lead, Opportunity, User
from tools.base import AmbiguousError, NotFoundError

FUZZY_CUTOFF = 85


def normalize_text(text: str) -> str:
    """``text`` for matching: NFKC (full-width to half-width), case-folded, outer spaces removed."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def resolve_account(session: Session, *, user: User, ref: str) -> Account:
    """The one account ``user`` may see whose id, name or alias matches ``ref``.

    Exact id first, then exact name or alias (case- and width-insensitive), then substring,
    then fuzzy similarity >= 85. Raises NotFoundError or AmbiguousError.
    """
    visible = account_visible(user, col(Account.id))
    by_id = session.exec(select(Account).where(col(Account.id) == ref.strip(), visible)).first()
    if by_id is not None:
        return by_id
    wanted = normalize_text(ref)
    if not wanted:
        raise NotFoundError("account", ref)
    rows = session.exec(
        select(col(Account.id), col(Account.name), col(Account.aliases)).where(visible).order_by(col(Account.id))
    ).all()
    names: dict[str, list[str]] = {aid: [name, *(aliases or [])] for aid, name, aliases in rows}
    display = {aid: name for aid, name, _ in rows}
    tests: tuple[Callable[[str], bool], ...] = (
        lambda n: normalize_text(n) == wanted,
        lambda n: wanted in normalize_text(n) or (len(normalize_text(n)) >= 2 and normalize_text(n) in wanted),
    )
    for test in tests:
        hits = [aid for aid, ns in names.items() if any(test(n) for n in ns)]
        if hits:
            return _one(session, "account", ref, hits, display)
    choices = {f"{aid}\x00{i}": normalize_text(n) for aid, ns in names.items() for i, n in enumerate(ns)}
    scored = process.extract(wanted, choices, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=10)
    hits = sorted({key.split("\x00")[0] for _, _, key in scored})
    if hits:
        return _one(session, "account", ref, hits, display)
    raise NotFoundError("account", ref)


def _one(session: Session, kind: str, ref: str, hits: list[str], display: dict[str, str]) -> Account:
    if len(hits) > 1:
        raise AmbiguousError(kind, ref, [{"id": h, "name": display[h]} for h in sorted(hits)])
    account = session.get(Account, hits[0])
    assert account is not None
    return account


def resolve_opportunity(session: Session, *, user: User, ref: str) -> Opportunity:
    """The one visible opportunity whose id matches ``ref``, or whose name contains it (case-insensitive)."""
    visible = account_visible(user, col(Opportunity.account_id))
    opp = session.exec(select(Opportunity).where(col(Opportunity.id) == ref.strip(), visible)).first()
    if opp is not None:
        return opp
    wanted = normalize_text(ref)
    rows = session.exec(
        select(Opportunity)
        .where(visible, func.lower(col(Opportunity.name)).contains(wanted))
        .order_by(col(Opportunity.id))
    ).all()
    if not rows:
        raise NotFoundError("opportunity", ref)
    if len(rows) > 1:
        raise AmbiguousError("opportunity", ref, [{"id": o.id, "name": o.name} for o in rows])
    return rows[0]


def resolve_lead(session: Session, *, user: User, ref: str) -> Lead:
    """The lead with this id or company name; a user sees their team's leads and unassigned ones."""
    query = select(Lead).where(or_(col(Lead.id) == ref.strip(), func.lower(col(Lead.company)) == normalize_text(ref)))
    if user.role != "admin":
        query = query.where(or_(col(Lead.owner_id).is_(None), col(Lead.owner_id).in_(team_user_ids(user))))
    rows = session.exec(query.order_by(col(Lead.id))).all()
    if not rows:
        raise NotFoundError("lead", ref)
    if len(rows) > 1:
        raise AmbiguousError("lead", ref, [{"id": lead.id, "name": lead.company} for lead in rows])
    return rows[0]
