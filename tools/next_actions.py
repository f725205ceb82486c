"""Next best actions (domain.md sections 12 and 15): the MCR "relationship planning" step.

For one account, findings are collected from
- risks (risk scan: external events and internal signals),
- the RFM segment (wake-up plan for "needs waking", save plan for "important win-back"),
- health indicators (no key-person contact in 60 days, negative sentiment trend, weak indicators),
- C139 gaps of every open opportunity,
- power-map findings,
- customer-tree cross-sell (a subsidiary) or white space (a group),
and each finding is turned into its catalogue action (English and Chinese) with the reason, the
evidence it rests on and the expected effect. Ranking: priority (1 first, by finding key in
:class:`tools.config.NextActionsConfig`), then the source order above, then finding and subject;
identical (finding, subject) pairs are reported once; at most ``max_actions`` are returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.enums import OpportunityStatus
from assistant.crm.models import Opportunity, User
from tools.actions_catalogue import entry
from tools.base import Evidence, Threshold, ToolResult
from tools.c139 import assess_c139
from tools.config import NextActionsConfig, ScoringConfig
from tools.customer_tree import customer_tree
from tools.lookup import resolve_account
from tools.next_actions_signals import Finding, account_findings
from tools.power_map import power_map
from tools.scoping import visible

SOURCES = ("risk", "rfm", "health", "c139", "power_map", "tree")


class NextAction(BaseModel):
    """One recommended action."""

    rank: int
    priority: int
    source: str
    finding: str
    subject: str
    reason: str
    action_en: str
    action_zh: str
    effect_en: str
    effect_zh: str
    evidence: list[Evidence]


class NextActionsResult(ToolResult):
    """Ranked next best actions for one account."""

    account_id: str
    account_name: str
    as_of: date
    actions: list[NextAction]
    total_findings: int
    sources: dict[str, str]


def _priority(finding: str, cfg: NextActionsConfig) -> int:
    best, length = 2, -1
    for prefix, value in cfg.priorities.items():
        if finding.startswith(prefix) and len(prefix) > length:
            best, length = value, len(prefix)
    return best


def _c139_findings(session: Session, user: User, account_id: str, as_of: date, config: ScoringConfig) -> list[Finding]:
    opp_ids = sorted(
        session.execute(
            select(col(Opportunity.id)).where(
                col(Opportunity.account_id) == account_id,
                col(Opportunity.status) == OpportunityStatus.OPEN.value,
                visible(user, Opportunity.account_id),
            )
        ).scalars()
    )
    # The same gap on several deals of the account (e.g. the finance director never met) is one
    # action naming every deal, not one action per deal.
    merged: dict[tuple[str, str], tuple[list[str], list[Evidence]]] = {}
    for opp_id in opp_ids:
        result = assess_c139(session, user=user, opportunity=opp_id, as_of=as_of, config=config)
        for gap in result.gaps:
            ev = Evidence(
                record="opportunity",
                id=result.opportunity_id,
                values={"part": gap.part, "score": gap.score, "total": result.total},
            )
            for a in gap.actions:
                deals, evidence = merged.setdefault((a.finding, a.subject), ([], []))
                deals.append(f"{result.opportunity_name} ({result.opportunity_id})")
                evidence.append(ev)
    return [
        Finding("c139", finding, f"{'; '.join(deals)}: {subject}", evidence)
        for (finding, subject), (deals, evidence) in merged.items()
    ]


def _power_findings(session: Session, user: User, account_id: str, as_of: date, config: ScoringConfig) -> list[Finding]:
    result = power_map(session, user=user, account=account_id, as_of=as_of, config=config)
    by_id = {e.id: e for e in result.evidence}
    return [
        Finding("power_map", f.finding, f.subject, [by_id[f.contact_id]] if f.contact_id in by_id else [])
        for f in result.findings
    ]


def _tree_findings(session: Session, user: User, account_id: str, as_of: date, config: ScoringConfig) -> list[Finding]:
    result = customer_tree(session, user=user, account=account_id, as_of=as_of, config=config)
    if not result.in_tree:
        return []
    found = []
    for c in result.cross_sell[: config.next_actions.max_cross_sell_actions]:
        names = [f"{r.name} ({r.id})" for r in c.references]
        if c.hidden_buyers:
            names.append(f"{c.hidden_buyers} not visible to you")
        subject = f"{c.product}: bought by {c.bought_by} sibling(s) for {c.amount:.2f}"
        subject += f" ({', '.join(names)})" if names else ""
        found.append(
            Finding(
                "tree",
                "tree.cross_sell",
                subject,
                [Evidence(record="account", id=r.id, values={"product": c.product}) for r in c.references],
            )
        )
    if result.is_group and (result.white_space or result.hidden_white_space):
        listed = ", ".join(f"{s.name} ({s.id})" for s in result.white_space)
        subject = (
            f"white space: {result.total_subsidiaries - result.with_business} of "
            f"{result.total_subsidiaries} subsidiaries" + (f" ({listed})" if listed else "")
        )
        found.append(
            Finding(
                "tree",
                "tree.cross_sell",
                subject,
                [Evidence(record="account", id=s.id, values={"won_business": False}) for s in result.white_space],
            )
        )
    return found


def next_best_actions(
    session: Session,
    *,
    user: User,
    account: str,
    as_of: date,
    config: ScoringConfig | None = None,
    sentiment_by_month: Mapping[str, float] | None = None,
) -> NextActionsResult:
    """Ranked next best actions for an account (id or name) as of ``as_of``, each with the finding,
    reason, evidence, expected effect and bilingual wording. ``sentiment_by_month`` ({"YYYY-MM": -1..1})
    feeds the sentiment signals of the risk scan and health index; without it they are not assessed.

    Raises NotFoundError when the account does not exist or is not visible to ``user``.
    """
    full = config or ScoringConfig()
    cfg = full.next_actions
    acc = resolve_account(session, user=user, ref=account)
    findings: list[Finding] = []
    sources: dict[str, str] = {}
    signals, status = account_findings(
        session, user=user, account_id=acc.id, as_of=as_of, config=full, sentiment_by_month=sentiment_by_month
    )
    findings += signals
    sources.update(status)
    for name, collect in (("c139", _c139_findings), ("power_map", _power_findings), ("tree", _tree_findings)):
        got = collect(session, user, acc.id, as_of, full)
        findings += got
        sources[name] = f"{len(got)} finding(s)"
    unique: dict[tuple[str, str], Finding] = {}
    for f in findings:
        unique.setdefault((f.finding, f.subject), f)
    ordered = sorted(
        unique.values(),
        key=lambda f: (_priority(f.finding, cfg), SOURCES.index(f.source), f.finding, f.subject),
    )
    actions = []
    for rank, f in enumerate(ordered[: cfg.max_actions], start=1):
        e = entry(f.finding)
        actions.append(
            NextAction(
                rank=rank,
                priority=_priority(f.finding, cfg),
                source=f.source,
                finding=f.finding,
                subject=f.subject,
                reason=f"{e.label}: {f.subject}",
                action_en=e.action_en,
                action_zh=e.action_zh,
                effect_en=e.effect_en,
                effect_zh=e.effect_zh,
                evidence=f.evidence,
            )
        )
    return NextActionsResult(
        account_id=acc.id,
        account_name=acc.name,
        as_of=as_of,
        actions=actions,
        total_findings=len(ordered),
        sources=dict(sorted(sources.items())),
        evidence=[Evidence(record="account", id=acc.id, values={"name": acc.name})],
        thresholds=[
            Threshold(name="priorities", value=dict(sorted(cfg.priorities.items())), rule="longest prefix wins"),
            Threshold(name="max_actions", value=cfg.max_actions),
            Threshold(name="source_order", value=list(SOURCES)),
        ],
    )
