"""Find a lead by what a person types: its id, its company name, or a distinctive part of the name.

:func:`tools.lookup.resolve_lead` answers exact ids and company names; people usually type less
("score lead Grandfield"), so this falls back to a containment match over the same visible leads.
Several hits raise :class:`~tools.base.AmbiguousError` with the candidates instead of guessing.
"""

from __future__ import annotations

import re

from sqlalchemy import or_, select
from sqlmodel import Session, col

from assistant.crm.access import team_user_ids
from assistant.crm.enums import Role
from assistant.crm.models import Lead, User
from tools.base import AmbiguousError, NotFoundError
from tools.lookup import normalize_text, resolve_lead

#: Most candidates named when a reference is ambiguous.
MAX_CANDIDATES = 10
_CJK = re.compile(r"[\u3400-\u9fff]")


def _contains(name: str, wanted: str) -> bool:
    if _CJK.search(wanted):
        return wanted in name
    return re.search(rf"(?<![a-z0-9]){re.escape(wanted)}(?![a-z0-9])", name) is not None


def find_lead(session: Session, *, user: User, ref: str) -> Lead:
    """The one lead ``user`` may see matching ``ref``: id or company first, then a name part (>= 2 chars).

    Visibility is that of :func:`tools.lookup.resolve_lead`: the user's team's leads and unassigned
    ones (admins: all), applied in the query.
    """
    try:
        return resolve_lead(session, user=user, ref=ref)
    except NotFoundError:
        pass
    wanted = normalize_text(ref)
    if len(wanted) < 2:
        raise NotFoundError("lead", ref)
    query = select(Lead).order_by(col(Lead.id))
    if user.role != Role.ADMIN:
        query = query.where(or_(col(Lead.owner_id).is_(None), col(Lead.owner_id).in_(team_user_ids(user))))
    hits: list[Lead] = [
        lead for lead in session.execute(query).scalars() if _contains(normalize_text(lead.company), wanted)
    ]
    if not hits:
        raise NotFoundError("lead", ref)
    if len(hits) > 1:
        raise AmbiguousError("lead", ref, [{"id": h.id, "name": h.company} for h in hits[:MAX_CANDIDATES]])
    return hits[0]
