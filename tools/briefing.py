"""Account briefing for managers (domain.md section 13): profile, tier and RFM segment, health,
risks, open opportunities with C139 and gaps, power map, customer-tree penetration, recent
sentiment and the top next best actions.

Nothing is scored here: every section is the result of the tool that owns it (tools/rfm,
tools/health, tools/risk, tools/c139, tools/power_map, tools/customer_tree, tools/next_actions,
index.sentiment) for the same ``as_of``, reduced to what a manager reads, each figure with the
``record:id`` citations of the evidence it came from. Rendering is in :mod:`tools.briefing_render`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.enums import OpportunityStatus
from assistant.crm.models import Account, Opportunity, User
from index.sentiment import SentimentNotFoundError, account_trend
from tools.accounts import account_overview
from tools.base import Evidence, NotFoundError, ToolError
from tools.briefing_account import health_of, health_part, rfm_of, rfm_part, risk_part, sentiment_months
from tools.briefing_models import (
    ActionLine,
    Briefing,
    CrossSellLine,
    DocumentMoveLine,
    GapLine,
    LayerLine,
    MonthLine,
    OpportunityPart,
    PowerLine,
    PowerPart,
    Profile,
    Ref,
    SentimentPart,
    TreePart,
)
from tools.c139 import assess_c139
from tools.config import ScoringConfig
from tools.customer_language import customer_language
from tools.customer_tree import customer_tree
from tools.lookup import resolve_account
from tools.next_actions import next_best_actions
from tools.power_map import power_map
from tools.scoping import visible

TOP_ACTIONS = 5
SENTIMENT_MONTHS = 3
TOP_CROSS_SELL = 3
LANGUAGES = ("zh", "en")


class BriefingInputError(ToolError, ValueError):
    """A briefing argument is invalid (the message names it)."""


def cite(evidence: Iterable[Evidence], *records: str) -> list[str]:
    """``record:id`` citations of ``evidence`` (only the given record kinds when named), sorted, once each."""
    return sorted({f"{e.record}:{e.id}" for e in evidence if not records or e.record in records})


def _profile(session: Session, user: User, acc: Account, as_of: date, group: Ref | None) -> Profile:
    overview = account_overview(session, user=user, account=acc.id, as_of=as_of)
    parent = Ref(id=overview.parent.id, name=overview.parent.name) if overview.parent else None
    return Profile(
        id=acc.id,
        name=acc.name,
        aliases=list(acc.aliases or []),
        industry=acc.industry,
        region=acc.region,
        owner=Ref(id=overview.owner.id, name=overview.owner.name),
        parent=parent,
        group=group if group is not None and group.id != acc.id else None,
        status=acc.status,
        legal_rep=acc.legal_rep,
        registry_id=acc.registry_id,
        employees=acc.employees,
        sources=[f"account:{acc.id}"],
    )


def _opportunities(
    session: Session, user: User, acc: Account, as_of: date, cfg: ScoringConfig
) -> list[OpportunityPart]:
    opps = session.execute(
        select(Opportunity)
        .where(
            col(Opportunity.account_id) == acc.id,
            col(Opportunity.status) == OpportunityStatus.OPEN.value,
            visible(user, Opportunity.account_id),
        )
        .order_by(col(Opportunity.id))
    ).scalars()
    parts = []
    for opp in list(opps):
        c = assess_c139(session, user=user, opportunity=opp.id, as_of=as_of, config=cfg)
        parts.append(
            OpportunityPart(
                id=opp.id,
                name=opp.name,
                stage=opp.stage,
                amount=float(opp.amount),
                currency=opp.currency,
                expected_close=opp.expected_close,
                competitor=opp.competitor,
                c139_total=c.total,
                coverage=c.coverage,
                value_proposition=c.value_proposition,
                key_persons=c.key_persons,
                competitive=c.competitive,
                gaps=[GapLine(part=g.part, score=g.score, actions=g.actions) for g in c.gaps],
                unknown_factors=c.unknown_factors,
                sources=cite(c.evidence),
            )
        )
    return parts


def _power(session: Session, user: User, acc: Account, as_of: date, cfg: ScoringConfig) -> PowerPart:
    result = power_map(session, user=user, account=acc.id, as_of=as_of, config=cfg)
    return PowerPart(
        contacts=len(result.evidence),
        roles_covered=[role for role in result.by_role if role != "unassigned"],
        findings=[
            PowerLine(
                finding=f.finding,
                subject=f.subject,
                action=f.action,
                sources=[f"contact:{f.contact_id}"] if f.contact_id else [],
            )
            for f in result.findings
        ],
        layers=[
            LayerLine(
                layer=layer.layer,
                contacts=len(layer.contacts),
                mean_strength=layer.mean_strength,
                sources=[f"contact:{c}" for c in layer.contacts],
            )
            for layer in result.layers
        ],
    )


def _tree(session: Session, user: User, acc: Account, as_of: date, cfg: ScoringConfig) -> TreePart | None:
    result = customer_tree(session, user=user, account=acc.id, as_of=as_of, config=cfg)
    if not result.in_tree:
        return None
    group = Ref(id=result.group_id, name=result.group_name or result.group_id) if result.group_id else None
    return TreePart(
        group=group,
        is_group=result.is_group,
        total_subsidiaries=result.total_subsidiaries,
        with_business=result.with_business,
        penetration=result.penetration,
        white_space=[Ref(id=s.id, name=s.name) for s in result.white_space],
        hidden_white_space=result.hidden_white_space,
        cross_sell=[
            CrossSellLine(
                product=c.product,
                bought_by=c.bought_by,
                amount=c.amount,
                hidden_buyers=c.hidden_buyers,
                sources=[f"account:{r.id}" for r in c.references],
            )
            for c in result.cross_sell[:TOP_CROSS_SELL]
        ],
        sources=cite(result.evidence),
    )


def _sentiment(session: Session, user: User, acc: Account, as_of: date) -> SentimentPart:
    try:
        result = account_trend(session, user=user, account_id=acc.id, as_of=as_of, months=SENTIMENT_MONTHS)
    except SentimentNotFoundError as exc:
        raise NotFoundError(exc.kind, exc.ref) from None
    trend = [
        MonthLine(
            month=m.month,
            score=m.score,
            document_count=m.document_count,
            documents=[
                DocumentMoveLine(
                    document_id=d.document_id, subject=d.subject, score=d.score, contribution=d.contribution
                )
                for d in m.documents
            ],
        )
        for m in result.trend
    ]
    return SentimentPart(
        months=SENTIMENT_MONTHS,
        score=result.score,
        label=result.label,
        document_count=result.document_count,
        trend=trend,
        sources=sorted({f"document:{d.document_id}" for m in trend for d in m.documents}),
    )


def _actions(
    session: Session, user: User, acc: Account, as_of: date, cfg: ScoringConfig, months: dict[str, float]
) -> list[ActionLine]:
    result = next_best_actions(
        session, user=user, account=acc.id, as_of=as_of, config=cfg, sentiment_by_month=months or None
    )
    return [
        ActionLine(
            rank=a.rank,
            source=a.source,
            finding=a.finding,
            subject=a.subject,
            reason=a.reason,
            action_en=a.action_en,
            action_zh=a.action_zh,
            effect_en=a.effect_en,
            effect_zh=a.effect_zh,
            sources=cite(a.evidence),
        )
        for a in result.actions[:TOP_ACTIONS]
    ]


def account_briefing(
    session: Session,
    *,
    user: User,
    account_id: str,
    as_of: date,
    config: ScoringConfig | None = None,
    language: str | None = None,
) -> Briefing:
    """A manager briefing of one account (id, name or alias) as of ``as_of``: profile, tier and RFM
    segment, health (weakest and missing indicators), risks (signals, actions taken), open
    opportunities with C139 and gaps, power map findings, customer-tree penetration, sentiment of
    the last 3 months with the documents that moved it, and the top 5 next best actions. Each
    figure cites its records as ``record:id``. ``language`` (zh/en) is the rendering default;
    without it, the language of the customer's recent documents.

    Raises NotFoundError when the account does not exist or is not visible to ``user``.
    """
    if language is not None and language not in LANGUAGES:
        raise BriefingInputError(f"language: must be zh or en (got {language!r})")
    cfg = config or ScoringConfig()
    acc = resolve_account(session, user=user, ref=account_id)
    spoken = customer_language(session, acc, as_of)
    tree = _tree(session, user, acc, as_of, cfg)
    rfm = rfm_of(session, user, acc, as_of, cfg)
    months = sentiment_months(session, acc, as_of, cfg)
    return Briefing(
        account_id=acc.id,
        account_name=acc.name,
        as_of=as_of,
        language=language or spoken.language,
        language_basis=spoken.basis if language is None else "asked for",
        evidence=[Evidence(record="account", id=acc.id, values={"name": acc.name})],
        profile=_profile(session, user, acc, as_of, tree.group if tree else None),
        rfm=rfm_part(rfm),
        health=health_part(health_of(session, user, acc, as_of, cfg, months), rfm),
        risk=risk_part(session, user, acc, as_of, cfg, months),
        opportunities=_opportunities(session, user, acc, as_of, cfg),
        power_map=_power(session, user, acc, as_of, cfg),
        tree=tree,
        sentiment=_sentiment(session, user, acc, as_of),
        next_actions=_actions(session, user, acc, as_of, cfg, months),
    )
