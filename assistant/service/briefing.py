"""Briefing service area: manager briefings of an account and follow-up e-mail drafts (saved, never sent)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from assistant.crm.access import get_user
from assistant.service.core import ServiceCore
from tools.briefing import account_briefing
from tools.briefing_models import Briefing
from tools.briefing_render import render_markdown
from tools.drafts import DraftResult, DraftView, draft_follow_up, get_draft, update_draft
from tools.lookup import resolve_account


class BriefingService(ServiceCore):
    """``tillage brief`` and ``tillage draft``; the HTTP and Slack briefing and draft features."""

    def brief(
        self, account: str, *, user_email: str, as_of: date | None = None, language: str | None = None
    ) -> Briefing:
        """The manager briefing of a visible account (id, name or alias) as of ``as_of`` (default today).

        ``language`` (zh or en) sets the briefing's wording; by default the customer's documents decide.
        """
        wanted = language.strip().lower() if language is not None else None
        with self.session() as session:
            user = get_user(session, email=user_email)
            found = resolve_account(session, user=user, ref=account)
            return account_briefing(
                session, user=user, account_id=found.id, as_of=as_of or date.today(), language=wanted
            )

    def brief_markdown(
        self, account: str, *, user_email: str, as_of: date | None = None, language: str | None = None
    ) -> str:
        """The briefing rendered as Markdown with citations, in ``language`` or the customer's."""
        result = self.brief(account, user_email=user_email, as_of=as_of, language=language)
        return render_markdown(result, result.language)

    def draft(
        self,
        account: str,
        *,
        user_email: str,
        opportunity: str | None = None,
        about: str | None = None,
        as_of: date | None = None,
        instructions: str | None = None,
    ) -> DraftResult:
        """Write and save a follow-up e-mail draft for a visible account; nothing is ever sent.

        ``instructions`` (the HTTP and Slack name) is the same as ``about`` and is used when
        ``about`` is not given.
        """
        with self.session() as session:
            user = get_user(session, email=user_email)
            found = resolve_account(session, user=user, ref=account)
            return draft_follow_up(
                session,
                user=user,
                account_id=found.id,
                opportunity_id=opportunity,
                about=about if about is not None else instructions,
                as_of=as_of or date.today(),
                now=datetime.now(UTC),
            )

    def get_draft(self, draft_id: str, *, user_email: str) -> DraftView:
        """A saved draft on an account the user may see (NotFoundError otherwise)."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            return get_draft(session, user=user, draft_id=draft_id)

    def update_draft(
        self, draft_id: str, *, user_email: str, subject: str | None = None, body: str | None = None
    ) -> DraftView:
        """Edit a saved draft's subject and/or body; it stays a draft, never sent."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            return update_draft(
                session, user=user, draft_id=draft_id, subject=subject, body=body, now=datetime.now(UTC)
            )
