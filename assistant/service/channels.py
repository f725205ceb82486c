"""What the channels (HTTP API, Slack) need besides the areas: who a Slack user is, which Slack
events were already taken in, whether the database and the index answer, and one account by id.

Slack retries an event it thinks was not acknowledged (``X-Slack-Retry-Num``) with the same
``event_id``. The id is recorded in the database (table ``slack_events``) rather than in memory so
that every worker and a restarted process agree on what was already answered.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from assistant.crm.access import get_user, visible_account_ids
from assistant.crm.auth_models import SlackEventReceipt
from assistant.crm.models import Account, Opportunity, User
from assistant.service.core import ServiceCore
from tools.base import NotFoundError

log = logging.getLogger(__name__)
# Slack stops retrying after about an hour; a day is a generous margin.
EVENT_MEMORY = timedelta(days=1)


class Check(BaseModel):
    """One dependency's state."""

    ok: bool
    detail: str


class Readiness(BaseModel):
    """Whether the process can serve requests: database and index both reachable."""

    ready: bool
    checks: dict[str, Check]


class ChannelService(ServiceCore):
    """Slack user mapping, Slack event de-duplication, readiness and exact account look-up."""

    def slack_user(self, slack_user_id: str) -> User | None:
        """The user whose ``slack_user_id`` this is, or None for a stranger."""
        with self.session() as session:
            query = select(User).where(col(User.slack_user_id) == slack_user_id.strip())
            return session.execute(query).scalar_one_or_none()

    def claim_slack_event(self, event_id: str) -> bool:
        """Record a Slack event id; False when it was already taken in (a retried delivery)."""
        now = datetime.now(UTC)
        try:
            with self.session() as session:
                session.add(SlackEventReceipt(event_id=event_id, received_at=now))
        except IntegrityError:
            return False
        with self.session() as session:
            session.execute(delete(SlackEventReceipt).where(col(SlackEventReceipt.received_at) < now - EVENT_MEMORY))
        return True

    def visible_account(self, *, user_email: str, account_id: str) -> Account:
        """The account with exactly this id if the user may see it; else ``NotFoundError``.

        A missing account and one the user may not see raise the same error with the same message.
        """
        with self.session() as session:
            user = get_user(session, email=user_email)
            visible = col(Account.id).in_(visible_account_ids(user))
            account: Account | None = session.execute(
                select(Account).where(col(Account.id) == account_id, visible)
            ).scalar_one_or_none()
            if account is None:
                raise NotFoundError("account", account_id)
            return account

    def open_opportunity_ids(self, *, user_email: str, account_id: str) -> list[str]:
        """Ids of the open opportunities of a visible account, sorted (``NotFoundError`` otherwise)."""
        account = self.visible_account(user_email=user_email, account_id=account_id)
        with self.session() as session:
            query = select(col(Opportunity.id)).where(
                col(Opportunity.account_id) == account.id, col(Opportunity.status) == "open"
            )
            return sorted(session.execute(query).scalars())

    @cached_property
    def _chroma(self) -> Any:
        from index.store import make_client

        return make_client(self.settings)

    def readiness(self) -> Readiness:
        """Check the database (``SELECT 1``) and the index (Chroma heartbeat and collection count)."""
        checks: dict[str, Check] = {}
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            checks["database"] = Check(ok=True, detail=f"{self.engine.dialect.name} answers")
        except Exception as exc:  # any failure means not ready; the cause goes to the log only
            log.warning("readiness: database check failed: %s", type(exc).__name__)
            checks["database"] = Check(ok=False, detail=f"database unreachable ({type(exc).__name__})")
        try:
            client = self._chroma
            client.heartbeat()
            checks["index"] = Check(ok=True, detail=f"chroma answers, {int(client.count_collections())} collection(s)")
        except Exception as exc:
            log.warning("readiness: index check failed: %s", type(exc).__name__)
            self.__dict__.pop("_chroma", None)
            checks["index"] = Check(ok=False, detail=f"index unreachable ({type(exc).__name__})")
        return Readiness(ready=all(c.ok for c in checks.values()), checks=checks)
