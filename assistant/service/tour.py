"""The demo tour: index the demo documents, then ask a few questions a sales team would, in both languages.

``tillage demo`` builds the world, calls :meth:`TourService.index_documents` (document search needs
the index) and prints :meth:`TourService.demo_tour`: each question goes through :meth:`ask` as the
demo user who would ask it, in a fresh thread, as of the world's "today".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import col

from assistant.agent.reply import Reply
from assistant.crm.models import Account, User
from assistant.service.chat import ChatService

if TYPE_CHECKING:
    from assistant.crm.demo import WorldSummary
    from index.ingest import IngestReport


class TourService(ChatService):
    """``index_documents`` and ``demo_tour``."""

    def index_documents(self, *, progress: bool = False) -> IngestReport:
        """Bring the document index up to date with every stored document (unchanged ones are skipped,
        chunks of deleted documents dropped)."""
        from index.ingest import ingest_database

        with self.session() as session:
            index = self.document_index
            return ingest_database(session, store=index.store(), progress=progress, keyword_cache=index.cache)

    def tour_questions(self, summary: WorldSummary) -> list[tuple[str, str]]:
        """(user e-mail, question) pairs about the stories of ``summary``'s world, both languages."""
        ids = [summary.stalled_account_id, summary.showcase_group_account_id, summary.dishonest_debtor_account_id]
        with self.session() as session:
            rows = session.execute(
                select(col(Account.id), col(Account.name), col(User.email), col(User.role))
                .join(User, col(User.id) == col(Account.owner_id))
                .where(col(Account.id).in_(ids))
            ).all()
        owner = {r.id: r.email for r in rows}
        name = {r.id: r.name for r in rows}
        manager = next((u.email for u in summary.users if u.role == "manager" and u.manager_id is None), None)
        manager = manager or owner[summary.stalled_account_id]
        english = next((u.email for u in summary.users if u.role == "rep" and u.team.isascii()), manager)
        stalled, group = summary.stalled_account_id, summary.showcase_group_account_id
        return [
            (manager, f"Give me a briefing on {name[stalled]}"),
            (owner[stalled], "我的哪些客户有风险?"),
            (owner[stalled], f"{name[stalled]}的C139评估"),
            (owner[group], f"{name[group]}的客户树渗透率是多少?"),
            (english, "search notes about price complaints"),
            (
                owner[summary.dishonest_debtor_account_id],
                f"What's the risk on {name[summary.dishonest_debtor_account_id]}?",
            ),
        ]

    def demo_tour(self, summary: WorldSummary) -> list[tuple[str, str, Reply]]:
        """Ask the tour questions: (user e-mail, question, reply) in order."""
        return [
            (user, question, self.ask(question, user_email=user, as_of=summary.today))
            for user, question in self.tour_questions(summary)
        ]
