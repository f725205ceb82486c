"""When each contact of an account was last met, as of a date (shared by C139 and the power map).

A contact counts as met on ``Contact.last_contacted`` or on the day of any activity they attended
(``ActivityContact``), whichever is later; anything after ``as_of`` is ignored so results replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.models import Activity, ActivityContact, Contact, User
from tools.scoping import visible


@dataclass(frozen=True)
class ContactMet:
    """A contact and the last day they were met (None if never, as of the date asked)."""

    contact: Contact
    last_met: date | None
    via: str
    days_since: int | None


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in UTC (exclusive upper bound for 'on or before day')."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def contacts_met(session: Session, *, user: User, account_id: str, as_of: date) -> list[ContactMet]:
    """Every contact of the account with their last meeting as of ``as_of``, ordered by contact id.

    ``via`` is ``last_contacted`` or ``activity:<id>`` so the date can be checked by hand.
    """
    # Sorted in Python (code-point order) so SQLite and PostgreSQL collations give the same output.
    contacts = sorted(
        session.execute(
            select(Contact).where(col(Contact.account_id) == account_id, visible(user, Contact.account_id))
        ).scalars(),
        key=lambda c: c.id,
    )
    latest: dict[str, tuple[date, str]] = {}
    if contacts:
        rows = session.execute(
            select(col(ActivityContact.contact_id), col(Activity.id), col(Activity.occurred_at))
            .join(Activity, col(Activity.id) == col(ActivityContact.activity_id))
            .where(
                col(Activity.account_id) == account_id,
                col(Activity.occurred_at) < end_of_day(as_of),
                col(ActivityContact.contact_id).in_([c.id for c in contacts]),
            )
            .order_by(col(ActivityContact.contact_id), col(Activity.occurred_at), col(Activity.id))
        ).all()
        for contact_id, activity_id, occurred in rows:
            day = _utc_date(occurred)
            current = latest.get(contact_id)
            if current is None or (day, f"activity:{activity_id}") > current:
                latest[contact_id] = (day, f"activity:{activity_id}")
    result: list[ContactMet] = []
    for contact in contacts:
        best: tuple[date, str] | None = latest.get(contact.id)
        contacted = contact.last_contacted
        if contacted is not None and contacted <= as_of and (best is None or contacted >= best[0]):
            best = (contacted, "last_contacted")
        if best is None:
            result.append(ContactMet(contact, None, "", None))
        else:
            result.append(ContactMet(contact, best[0], best[1], (as_of - best[0]).days))
    return result


def _utc_date(value: datetime) -> date:
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(UTC).date()
