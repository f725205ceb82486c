"""Scoring service area (part B): C139, power map, customer tree, qualification, lead score,
duplicate check and next best actions. Thin: open a session, resolve the user, call the tool.

``as_of`` defaults to today (UTC); the tools themselves never read the clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from assistant.crm.access import get_user
from assistant.service.core import ServiceCore
from index.sentiment import monthly_sentiment
from tools.c139 import C139Result, assess_c139
from tools.config import ScoringConfig
from tools.customer_tree import CustomerTreeResult, customer_tree
from tools.duplicates import DuplicatesResult, account_duplicates, lead_duplicates
from tools.lead_score import LeadScoreResult, score_lead
from tools.lookup import resolve_account
from tools.next_actions import NextActionsResult, next_best_actions
from tools.power_map import PowerMapResult, power_map
from tools.qualification import QualificationResult, qualify_account

#: Months of document sentiment fed to the risk and health findings (the health indicator's window
#: now and 90 days earlier, as in the RFM/health/risk service area).
SENTIMENT_MONTHS = 6


def _today() -> date:
    return datetime.now(UTC).date()


class ScoringBService(ServiceCore):
    """``tillage score c139|power-map|tree|qualify|lead|duplicates|actions``.

    Shares the scoring configuration of part A's ``ScoringService`` (``TILLAGE_HOME/scoring.json``),
    which :class:`assistant.service.Tillage` also inherits from.
    """

    def scoring_b_config(self) -> ScoringConfig:
        """The scoring configuration in force (shared with RFM, health and risk), else the defaults."""
        shared = getattr(self, "scoring_config", None)
        return shared if isinstance(shared, ScoringConfig) else ScoringConfig()

    def score_c139(self, *, user_email: str, opportunity: str, as_of: date | None = None) -> C139Result:
        """C139 of an opportunity (id or name) visible to the user."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            return assess_c139(
                session, user=user, opportunity=opportunity, as_of=as_of or _today(), config=self.scoring_b_config()
            )

    def score_power_map(self, *, user_email: str, account: str, as_of: date | None = None) -> PowerMapResult:
        """Power map of an account (id or name) visible to the user."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            return power_map(
                session, user=user, account=account, as_of=as_of or _today(), config=self.scoring_b_config()
            )

    def score_tree(self, *, user_email: str, account: str, as_of: date | None = None) -> CustomerTreeResult:
        """Customer-tree penetration, white space and cross-sell for an account."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            return customer_tree(
                session, user=user, account=account, as_of=as_of or _today(), config=self.scoring_b_config()
            )

    def score_qualification(self, *, user_email: str, account: str, as_of: date | None = None) -> QualificationResult:
        """Key-account qualification (A/B/C) of an account."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            return qualify_account(
                session, user=user, account=account, as_of=as_of or _today(), config=self.scoring_b_config()
            )

    def score_lead(self, *, user_email: str, lead: str, as_of: date | None = None) -> LeadScoreResult:
        """Lead score of a lead (id or company) visible to the user."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            return score_lead(session, user=user, lead=lead, as_of=as_of or _today(), config=self.scoring_b_config())

    def score_duplicates(
        self, *, user_email: str, target: str, lead: bool = False, as_of: date | None = None
    ) -> DuplicatesResult:
        """Duplicate (撞单) candidates of an account, or of a lead's company with ``lead=True``."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            if lead:
                return lead_duplicates(session, user=user, lead=target, as_of=as_of or _today())
            return account_duplicates(session, user=user, account=target, as_of=as_of or _today())

    def next_best_actions(self, *, user_email: str, account: str, as_of: date | None = None) -> NextActionsResult:
        """Ranked next best actions for an account (document sentiment feeds the risk and health findings)."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            day = as_of or _today()
            target = resolve_account(session, user=user, ref=account)
            sentiment = monthly_sentiment(session, target.id, day, months=SENTIMENT_MONTHS)
            return next_best_actions(
                session,
                user=user,
                account=target.id,
                as_of=day,
                config=self.scoring_b_config(),
                sentiment_by_month=sentiment or None,
            )
