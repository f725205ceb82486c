"""The deal and relationship tools as the agent calls them: thin typed adapters, no scoring of their own.

Each adapter resolves the reference the model passes (an id, a name or an alias, access applied
in the query; ambiguous names raise :class:`~tools.base.AmbiguousError` with the candidates), calls
the deterministic tool, and returns its result with the evidence reduced to record ids so the
model sees the scores rather than every input value. The docstrings are the contract with the LLM.
Other families: :mod:`tools.agent_scores` (RFM, health, risk, portfolio, briefing) and
:mod:`tools.agent_documents` (search, sentiment, follow-up drafts).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import Field
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.enums import OpportunityStatus
from assistant.crm.models import Opportunity, User
from tools.base import AmbiguousError, Evidence, NotFoundError, Threshold, ToolError, ToolResult
from tools.c139 import C139Result, assess_c139
from tools.config import ScoringConfig
from tools.customer_tree import CustomerTreeResult
from tools.customer_tree import customer_tree as tree_of
from tools.duplicates import DuplicatesResult, account_duplicates, lead_duplicates
from tools.lead_lookup import find_lead
from tools.lead_score import LeadScoreResult, score_lead
from tools.lookup import normalize_text, resolve_account
from tools.power_map import PowerMapResult
from tools.power_map import power_map as power_map_of
from tools.qualification import QualificationResult
from tools.qualification import qualify_account as qualify
from tools.scoping import visible

#: Largest number of open opportunities assessed for one account in one call.
MAX_ASSESSED = 3


def slim(evidence: Iterable[Evidence], *records: str) -> list[Evidence]:
    """``evidence`` as bare record ids (only the given record kinds when named), first occurrence kept."""
    seen: set[tuple[str, str]] = set()
    out: list[Evidence] = []
    for e in evidence:
        if (records and e.record not in records) or (e.record, e.id) in seen:
            continue
        seen.add((e.record, e.id))
        out.append(Evidence(record=e.record, id=e.id))
    return out


class C139Assessment(ToolResult):
    """C139 assessments of one opportunity, or of every open opportunity of one account."""

    as_of: date
    account_id: str | None
    account_name: str | None
    matched: int = Field(description="Opportunities matched (the account's open ones when no deal was named).")
    assessed: list[C139Result] = Field(description=f"The first {MAX_ASSESSED} matched, by id.")


def _opportunities(session: Session, user: User, account_id: str | None, ref: str | None) -> list[Opportunity]:
    """Visible opportunities matching ``ref`` (id or name part) within the account when given; without
    ``ref``, the account's open ones. A name part shared by won/lost and open deals means the open ones."""
    query = select(Opportunity).where(visible(user, Opportunity.account_id)).order_by(col(Opportunity.id))
    if account_id is not None:
        query = query.where(col(Opportunity.account_id) == account_id)
    if ref is None:
        query = query.where(col(Opportunity.status) == OpportunityStatus.OPEN.value)
        return list(session.execute(query).scalars())
    by_id = [o for o in session.execute(query.where(col(Opportunity.id) == ref.strip())).scalars()]
    if by_id:
        return by_id
    wanted = normalize_text(ref)
    hits = [o for o in session.execute(query).scalars() if wanted and wanted in normalize_text(o.name)]
    if len(hits) > 1:
        hits = [o for o in hits if o.status == OpportunityStatus.OPEN.value] or hits
    if not hits:
        raise NotFoundError("opportunity", ref)
    if len(hits) > 1:
        raise AmbiguousError("opportunity", ref, [{"id": o.id, "name": o.name} for o in hits])
    return hits


def c139_assessment(
    session: Session,
    *,
    user: User,
    as_of: date,
    opportunity: str | None = None,
    account: str | None = None,
    config: ScoringConfig | None = None,
) -> C139Assessment:
    """C139 assessment of an opportunity (deal): total 0-100 = 20% customer coverage (C) + 20% value
    proposition (1) + 30% three key persons (3) + 30% nine competitive factors (9), each part 0-100;
    a part under 60 is a gap, listed with the catalogue actions that close it.

    Pass ``opportunity`` (id like opp-000123, or part of the deal's name such as "MES"), optionally
    with ``account`` (id, name or alias) to look only at that account's deals; or only ``account``
    to assess each of its open opportunities. Use for "C139", "deal assessment", "key persons",
    "gaps". Errors: not found (same for deals the user may not see), ambiguous (candidates listed).
    """
    if not (account or opportunity):
        raise ToolError("name the opportunity (id or part of its name) or the account")
    acc = resolve_account(session, user=user, ref=account) if account else None
    opps = _opportunities(session, user, acc.id if acc else None, opportunity)
    results = []
    for opp in opps[:MAX_ASSESSED]:
        result = assess_c139(session, user=user, opportunity=opp.id, as_of=as_of, config=config)
        results.append(result.model_copy(update={"evidence": slim(result.evidence), "thresholds": []}))
    weights = (config or ScoringConfig()).c139
    return C139Assessment(
        as_of=as_of,
        account_id=acc.id if acc else (results[0].account_id if results else None),
        account_name=acc.name if acc else None,
        matched=len(opps),
        assessed=results,
        evidence=[Evidence(record="account", id=acc.id)] if acc else [],
        thresholds=[
            Threshold(
                name="weights",
                value={
                    "coverage": weights.weight_coverage,
                    "value_proposition": weights.weight_value_proposition,
                    "key_persons": weights.weight_key_persons,
                    "competitive": weights.weight_competitive,
                },
            ),
            Threshold(name="gap_below", value=weights.gap_below, rule="a part below this is a gap"),
            Threshold(name="coverage_days", value=weights.coverage_days, rule="a department is engaged if met within"),
        ],
    )


def power_map(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> PowerMapResult:
    """Power map 权力地图 of an account (id, name or alias): contacts grouped by decision role and by
    relationship layer (key / general / organizational) with influence 1-5 stars, stance and
    relationship strength 1-5, the mean strength per layer, and findings with actions: roles nobody
    covers, high-influence contacts (>= 4 stars) not met in 60 days, high-influence opponents.
    Use for "power map", "decision chain", "stakeholders", "who decides".
    """
    result = power_map_of(session, user=user, account=account, as_of=as_of, config=config)
    return result.model_copy(
        update={"evidence": [Evidence(record="account", id=result.account_id), *slim(result.evidence)]}
    )


def customer_tree(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> CustomerTreeResult:
    """Customer tree 客户树 of an account (the group or any subsidiary): penetration in percent
    (subsidiaries with won business / all subsidiaries * 100), white space (subsidiaries with no
    business) and cross-sell (products sibling subsidiaries bought and this one has not, by number of
    buyers and amount). Subsidiaries the user may not see are only counted (``hidden_*``), never named.
    ``in_tree`` is false for a stand-alone account. Use for "penetration", "subsidiaries", "white
    space", "cross-sell".
    """
    result = tree_of(session, user=user, account=account, as_of=as_of, config=config)
    evidence = [Evidence(record="account", id=result.account_id), *slim(result.evidence, "account", "opportunity")]
    return result.model_copy(update={"evidence": slim(evidence)})


def qualify_account(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> QualificationResult:
    """Key-account qualification 大客户筛选 of an account: score 0-100 and grade A (>= 75), B (>= 50)
    or C from seven weighted dimensions (purchase amount in the last 365 days, years of cooperation,
    industry position, payment ability and credit, growth potential, strategic synergy, loyalty), each
    with its raw value, 0-100 score and rule; dimensions without data are listed in ``unknown``.
    Use for "qualify", "is it a key account", "大客户资格".
    """
    result = qualify(session, user=user, account=account, as_of=as_of, config=config)
    return result.model_copy(update={"evidence": slim(result.evidence, "account", "risk_event", "opportunity")})


def lead_score(
    session: Session, *, user: User, lead: str, as_of: date, config: ScoringConfig | None = None
) -> LeadScoreResult:
    """Lead score 0-100 of a lead (id like lead-00012, or the company name or part of it): 30%
    attribute fit (industry, size, region, title vs. the ideal customer profile) + 40% behaviour
    (event points halved every 30 days, capped at 100) + 30% predicted conversion (model trained on
    closed leads, or the segment's historical rate when history is short: ``fallback`` says so).
    Use for "score lead", "线索评分". Leads visible: the user's team's and unassigned ones.
    """
    found = find_lead(session, user=user, ref=lead)
    return score_lead(session, user=user, lead=found.id, as_of=as_of, config=config)


def check_duplicates(
    session: Session, *, user: User, as_of: date, account: str | None = None, lead: str | None = None
) -> DuplicatesResult:
    """Duplicate check 撞单: existing accounts that may be the same company as ``account`` (an account
    id/name/alias) or ``lead`` (a lead id or company name): same registry id, the same name after
    removing legal suffixes, or a similar name with a shared phone or e-mail domain. Each candidate
    names its owner; accounts the user may not see are named with their owner but without id.
    """
    if account:
        return account_duplicates(session, user=user, account=account, as_of=as_of)
    if lead:
        found = find_lead(session, user=user, ref=lead)
        return lead_duplicates(session, user=user, lead=found.id, as_of=as_of)
    raise ToolError("name the account or the lead to check for duplicates")
