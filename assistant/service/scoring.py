"""Scoring service area (part A): RFM, health, risk scan, risk sweep and undo, portfolio queries.

Thin: open a session, resolve the user and the account, call the tool. ``as_of`` defaults to today
(UTC); the tools never read the clock. Health and risk get the monthly document sentiment from
:mod:`tools.sentiment_inputs`, the one computation every surface shares. The M quintile edges are reused
per as-of date for ``rfm.m_edges_cache_seconds`` (see :class:`tools.rfm_edges.EdgesCache`).
A deployment overrides scoring thresholds with ``TILLAGE_HOME/scoring.json`` (a ScoringConfig).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.access import get_user
from assistant.crm.models import Account, User
from assistant.service.core import ServiceCore
from tools.account_scope import AccountScope
from tools.config import ScoringConfig
from tools.health import HealthResult, score_health
from tools.lookup import resolve_account
from tools.portfolio import PortfolioResult, query_portfolio
from tools.rfm import RfmResult, score_rfm
from tools.rfm_edges import EdgesCache
from tools.risk import RiskResult, scan_risk
from tools.risk_sweep import SweepReport, UndoReport, run_sweep, undo
from tools.sentiment_inputs import account_sentiment, portfolio_sentiment

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class _SentimentTool(Protocol[T_co]):
    """A per-account tool that also takes the account's monthly document sentiment (health, risk scan)."""

    def __call__(
        self,
        session: Session,
        *,
        user: User,
        account_id: str,
        as_of: date,
        config: ScoringConfig | None = None,
        sentiment_by_month: Mapping[str, float] | None = None,
    ) -> T_co: ...


def _today() -> date:
    return datetime.now(UTC).date()


class ScoringService(ServiceCore):
    """``tillage score rfm|health|risk``, ``tillage risk sweep|undo``, ``tillage portfolio``."""

    @cached_property
    def scoring_config(self) -> ScoringConfig:
        """The scoring configuration: ``TILLAGE_HOME/scoring.json`` when present, else the defaults."""
        path = self.settings.home / "scoring.json"
        if path.is_file():
            return ScoringConfig.model_validate_json(path.read_text(encoding="utf-8"))
        return ScoringConfig()

    @cached_property
    def m_edges_cache(self) -> EdgesCache:
        """Reused M quintile edges (one computation reads every paid order)."""
        return EdgesCache(self.scoring_config.rfm.m_edges_cache_seconds)

    def _sentiment(self, session: Session, scope: AccountScope, as_of: date) -> dict[str, dict[str, float]]:
        """Monthly document sentiment of the accounts in ``scope`` (those with documents in the window)."""
        if scope.account_id is not None:
            months = account_sentiment(session, scope.account_id, as_of, self.scoring_config)
            return {scope.account_id: months} if months else {}
        ids = list(session.execute(select(col(Account.id)).where(scope.where(col(Account.id)))).scalars())
        return portfolio_sentiment(session, ids, as_of, self.scoring_config)

    def score_rfm(self, *, user_email: str, account: str, as_of: date | None = None) -> RfmResult:
        """RFM, segment and tier of an account (id, name or alias) visible to the user."""
        day = as_of or _today()
        with self.session() as session:
            user = get_user(session, email=user_email)
            found = resolve_account(session, user=user, ref=account)
            edges = self.m_edges_cache.get(session, as_of=day, config=self.scoring_config)
            return score_rfm(
                session, user=user, account_id=found.id, as_of=day, config=self.scoring_config, m_edges=edges
            )

    def score_health(self, *, user_email: str, account: str, as_of: date | None = None) -> HealthResult:
        """Health index of an account visible to the user (with its document sentiment)."""
        return self._with_sentiment(score_health, user_email=user_email, account=account, as_of=as_of)

    def score_risk(self, *, user_email: str, account: str, as_of: date | None = None) -> RiskResult:
        """Risk scan of an account visible to the user, with the sweep's recorded actions."""
        return self._with_sentiment(scan_risk, user_email=user_email, account=account, as_of=as_of)

    def _with_sentiment(self, tool: _SentimentTool[T], *, user_email: str, account: str, as_of: date | None) -> T:
        """Resolve the user and a visible account, then run ``tool`` with the account's monthly sentiment."""
        day = as_of or _today()
        with self.session() as session:
            user = get_user(session, email=user_email)
            found = resolve_account(session, user=user, ref=account)
            sentiment = self._sentiment(session, AccountScope(user=user, account_id=found.id), day).get(found.id)
            return tool(
                session,
                user=user,
                account_id=found.id,
                as_of=day,
                config=self.scoring_config,
                sentiment_by_month=sentiment,
            )

    def risk_sweep(self, *, as_of: date | None = None, actor: str = "rule:risk_sweep") -> SweepReport:
        """Run the automatic risk sweep over all accounts (a system job; commits its actions)."""
        day = as_of or _today()
        with self.session() as session:
            sentiment = self._sentiment(session, AccountScope(), day)
            return run_sweep(session, as_of=day, actor=actor, config=self.scoring_config, sentiment=sentiment)

    def risk_undo(self, *, user_email: str, action_id: int) -> UndoReport:
        """Undo one sweep action (managers for their team's accounts, and admins)."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            return undo(session, action_id=action_id, user=user)

    def portfolio(
        self,
        *,
        user_email: str,
        as_of: date | None = None,
        at_risk: bool = False,
        tiers: Sequence[str] | None = None,
        segments: Sequence[str] | None = None,
        bands: Sequence[str] | None = None,
        min_risk: str | None = None,
        no_key_contact_days: int | None = None,
        sort_by: str = "health",
        descending: bool | None = None,
        limit: int | None = None,
    ) -> PortfolioResult:
        """The user's accounts with RFM, health and risk, filtered and ranked (see query_portfolio)."""
        day = as_of or _today()
        with self.session() as session:
            user = get_user(session, email=user_email)
            return query_portfolio(
                session,
                user=user,
                as_of=day,
                at_risk=at_risk,
                tiers=tiers,
                segments=segments,
                bands=bands,
                min_risk=min_risk,
                no_key_contact_days=no_key_contact_days,
                sort_by=sort_by,
                descending=descending,
                limit=limit,
                config=self.scoring_config,
                sentiment=self._sentiment(session, AccountScope(user=user), day),
                m_edges=self.m_edges_cache.get(session, as_of=day, config=self.scoring_config),
            )
