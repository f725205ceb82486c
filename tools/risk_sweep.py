"""The automatic risk sweep (domain.md 6): deterministic actions on every account, each audited and
reversible by a manager (:func:`tools.risk_undo.undo`).

- ``dishonest_debtor``: account status ``high_risk`` (``status_high_risk``), every open quote (draft
  or sent, on an open opportunity) ``frozen`` (``freeze_quotes``), a finance-team task to tighten
  payment terms (``finance_task``) - the three steps of seed 000.
- ``legal_rep_change``: a task for the account owner to re-map the decision chain (``remap_task``).
- every other event and internal signal: an ``alert`` with severity and evidence; no status change.

Exactly once: each action has the key ``<event key>:<kind>`` where the event key is
``event:<risk event id>`` or ``signal:<account>:<signal kind>:<anchor>`` (the anchor names this
occurrence, e.g. the oldest overdue order). A key already in ``risk_actions`` is never applied
again - also when that action was undone, so an undo sticks. The sweep only flushes; the caller's
unit of work commits, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.models import Account, AuditEntry, Opportunity, Quote, Task
from assistant.crm.risk_models import RiskAction
from tools.account_scope import AccountScope
from tools.account_scores import compute_scores
from tools.base import ToolResult
from tools.config import ScoringConfig
from tools.risk import Signal, account_signals, oldest_overdue
from tools.risk_undo import UndoReport, undo

__all__ = ["SweepAction", "SweepReport", "UndoReport", "run_sweep", "undo"]

EVENT_ACTIONS: dict[str, tuple[str, ...]] = {
    "dishonest_debtor": ("status_high_risk", "freeze_quotes", "finance_task"),
    "legal_rep_change": ("remap_task",),
}


class SweepAction(BaseModel):
    """One action the sweep took."""

    id: int
    key: str
    account_id: str
    kind: str
    trigger: str
    severity: str
    summary: str


class SweepReport(ToolResult):
    """What one sweep did: new actions (in order) and how many were already recorded before."""

    as_of: date
    actor: str
    accounts_scanned: int
    accounts_with_signals: int
    already_recorded: int = Field(description="Actions skipped because their key was already in risk_actions.")
    actions: list[SweepAction]
    counts: dict[str, int] = Field(description="New actions per kind.")


def run_sweep(
    session: Session,
    *,
    as_of: date,
    actor: str = "rule:risk_sweep",
    config: ScoringConfig | None = None,
    sentiment: Mapping[str, Mapping[str, float]] | None = None,
    now: datetime | None = None,
) -> SweepReport:
    """Scan ALL accounts as of ``as_of`` (a system job, no user scope) and take each due action once.

    ``now`` only stamps the records (default: the current UTC time); decisions depend on ``as_of``.
    """
    config = config or ScoringConfig()
    stamp = now or datetime.now(UTC)
    scores = compute_scores(session, AccountScope(), as_of=as_of, config=config, monetary=False, sentiment=sentiment)
    assert scores.risk is not None
    done = set(session.execute(select(col(RiskAction.key))).scalars())
    flagged = [i for i in range(scores.index.n) if scores.risk.level[i] > 0]
    overdue = oldest_overdue(session, AccountScope(), as_of) if flagged else {}
    report = SweepReport(
        as_of=as_of,
        actor=actor,
        accounts_scanned=scores.index.n,
        accounts_with_signals=len(flagged),
        already_recorded=0,
        actions=[],
        counts={},
    )
    for i in flagged:
        account_id = scores.index.ids[i]
        for signal in account_signals(scores, i, config, overdue):
            event_key = (
                signal.anchor if signal.source == "event" else f"signal:{account_id}:{signal.kind}:{signal.anchor}"
            )
            for kind in EVENT_ACTIONS.get(signal.kind, ("alert",)) if signal.source == "event" else ("alert",):
                key = f"{event_key}:{kind}"
                if key in done:
                    report.already_recorded += 1
                    continue
                done.add(key)
                before, after, writes = _apply(session, kind, key, account_id, signal, as_of, actor, stamp, config)
                action = RiskAction(
                    key=key,
                    event_key=event_key,
                    account_id=account_id,
                    kind=kind,
                    trigger=signal.kind,
                    severity=signal.severity,
                    as_of=as_of,
                    actor=actor,
                    before_state=before,
                    after_state=after,
                    created_at=stamp,
                )
                session.add(action)
                session.flush()
                assert action.id is not None
                session.add(
                    AuditEntry(
                        at=stamp,
                        user_id=None,
                        action=f"risk_sweep.{kind}",
                        request=f"risk sweep as of {as_of.isoformat()} by {actor}",
                        tool_calls=[{"tool": "run_sweep", "args": {"as_of": as_of.isoformat(), "actor": actor}}],
                        writes=[{"table": "risk_actions", "id": action.id, "key": key}, *writes],
                    )
                )
                report.actions.append(
                    SweepAction(
                        id=action.id,
                        key=key,
                        account_id=account_id,
                        kind=kind,
                        trigger=signal.kind,
                        severity=signal.severity,
                        summary=signal.summary,
                    )
                )
                report.counts[kind] = report.counts.get(kind, 0) + 1
    session.flush()
    return report


def task_id(key: str) -> str:
    """The deterministic id of the task an action creates."""
    return "risk-" + hashlib.sha256(key.encode()).hexdigest()[:24]


def _apply(
    session: Session,
    kind: str,
    key: str,
    account_id: str,
    signal: Signal,
    as_of: date,
    actor: str,
    stamp: datetime,
    config: ScoringConfig,
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Apply one action; returns (before state, after state, audit writes)."""
    account = session.get(Account, account_id)
    assert account is not None
    if kind == "status_high_risk":
        before, account.status = account.status, "high_risk"
        session.add(account)
        return (
            {"status": before},
            {"status": "high_risk"},
            [{"table": "accounts", "id": account_id, "field": "status", "before": before, "after": "high_risk"}],
        )
    if kind == "freeze_quotes":
        quotes = (
            session.execute(
                select(Quote)
                .join(Opportunity, col(Opportunity.id) == col(Quote.opportunity_id))
                .where(
                    col(Opportunity.account_id) == account_id,
                    col(Opportunity.status) == "open",
                    col(Quote.status).in_(("draft", "sent")),
                )
                .order_by(col(Quote.id))
            )
            .scalars()
            .all()
        )
        previous = {q.id: q.status for q in quotes}
        for quote in quotes:
            quote.status = "frozen"
            session.add(quote)
        writes = [
            {"table": "quotes", "id": q, "field": "status", "before": s, "after": "frozen"} for q, s in previous.items()
        ]
        return {"quotes": previous}, {"quotes": {q: "frozen" for q in previous}}, writes
    if kind in ("finance_task", "remap_task"):
        if kind == "finance_task":
            title = (
                f"Tighten payment terms for {account.name}: dishonest-debtor record ({signal.anchor}) / "
                "客户出现失信被执行人记录,请收紧付款条件(预付款或担保),复核应收账款"
            )
            assignee, team = None, "finance"
        else:
            title = (
                f"Re-map the decision chain of {account.name}: legal representative changed ({signal.anchor}) / "
                "客户法人变更,请重新梳理决策链,30天内拜访新任法人"
            )
            assignee, team = account.owner_id, "sales"
        task = Task(
            id=task_id(key),
            account_id=account_id,
            assignee_id=assignee,
            team=team,
            title=title[:500],
            due=as_of + timedelta(days=config.risk.task_due_days),
            created_by=actor,
            status="open",
            rule_key=key[:200],
            created_at=stamp,
        )
        session.add(task)
        after = {"task": {"id": task.id, "status": "open", "team": team, "assignee_id": assignee}}
        return {"task": None}, after, [{"table": "tasks", "id": task.id, "before": None, "after": after["task"]}]
    alert = {
        "signal": signal.kind,
        "source": signal.source,
        "severity": signal.severity,
        "summary": signal.summary,
        "evidence": [e.model_dump(mode="json") for e in signal.evidence],
    }
    return {}, {"alert": alert}, []
