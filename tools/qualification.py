"""Key-account qualification 大客户筛选 (domain.md section 9, seed 004): seven weighted dimensions
scored 0-100 and a grade A/B/C. Every formula and band is in :class:`tools.config.QualificationConfig`.

Windows: "current" is the ``window_days`` (365) days ending on ``as_of`` inclusive, "previous" the
365 days before that. Only orders on or before ``as_of`` count.
- purchase_amount: order amount in the current window, by ``amount_bands``.
- years_of_cooperation: years (days / 365.25) since the first order, by ``years_bands``.
- industry_position: max of the employees and registered-capital band scores.
- payment_credit: on-time share of judged orders * 100 minus a penalty per risk event in the current
  window (by severity); any dishonest-debtor event gives 0. An order is judged when it has a due date
  and was paid on or before ``as_of`` or its due date is before ``as_of``; it is on time when paid on
  or before the due date.
- growth_potential: (current - previous) / previous, by ``growth_bands``; current revenue with no
  previous revenue scores the top band.
- strategic_synergy: distinct products in orders and open opportunities, by ``synergy_bands``.
- loyalty: number of orders in the current and previous windows (repeat purchase), by ``loyalty_bands``.
A dimension without data scores 0 and is listed in ``unknown``. Total = weighted mean; grade A at
>= 75, B at >= 50, else C.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.enums import OpportunityStatus, RiskKind
from assistant.crm.models import Account, Opportunity, Order, RiskEvent, User
from tools.base import Evidence, Threshold, ToolResult
from tools.config import QualificationConfig, ScoringConfig, band_score
from tools.engagement import end_of_day
from tools.lookup import normalize_text, resolve_account
from tools.scoping import visible


class Dimension(BaseModel):
    """One qualification dimension."""

    name: str
    weight: float
    score: float
    value: float | int | None
    unknown: bool
    rule: str


class QualificationResult(ToolResult):
    """Qualification score (0-100) and grade of one account."""

    account_id: str
    account_name: str
    as_of: date
    score: float
    grade: str
    dimensions: list[Dimension]
    unknown: list[str]


def qualify_account(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> QualificationResult:
    """Qualify an account (id or name) as a key account as of ``as_of``: seven dimensions, score, grade A/B/C.

    Raises NotFoundError when the account does not exist or is not visible to ``user``.
    """
    cfg = (config or ScoringConfig()).qualification
    acc = resolve_account(session, user=user, ref=account)
    # Rows are sorted in Python (code-point order): SQLite and PostgreSQL collations then agree.
    orders = sorted(
        session.execute(
            select(Order).where(
                col(Order.account_id) == acc.id, col(Order.ordered_at) <= as_of, visible(user, Order.account_id)
            )
        ).scalars(),
        key=lambda o: (o.ordered_at, o.id),
    )
    start = as_of - timedelta(days=cfg.window_days)
    previous_start = start - timedelta(days=cfg.window_days)
    risks = sorted(
        session.execute(
            select(RiskEvent).where(
                col(RiskEvent.account_id) == acc.id,
                col(RiskEvent.occurred_at) >= end_of_day(start),
                col(RiskEvent.occurred_at) < end_of_day(as_of),
                visible(user, RiskEvent.account_id),
            )
        ).scalars(),
        key=lambda r: (r.occurred_at, r.id),
    )
    open_products: list[tuple[str, list[str]]] = sorted(
        (str(oid), list(products or []))
        for oid, products in session.execute(
            select(col(Opportunity.id), col(Opportunity.products)).where(
                col(Opportunity.account_id) == acc.id, col(Opportunity.status) == OpportunityStatus.OPEN.value
            )
        ).all()
    )
    current = [o for o in orders if o.ordered_at > start]
    previous = [o for o in orders if previous_start < o.ordered_at <= start]
    dims = [
        _amount(current, cfg),
        _years(orders, as_of, cfg),
        _position(acc, cfg),
        _payment(orders, risks, as_of, cfg),
        _growth(current, previous, cfg),
        _synergy(orders, [p for _, ps in open_products for p in (ps or [])], cfg),
        _loyalty(len(current) + len(previous), cfg),
    ]
    total_weight = sum(d.weight for d in dims) or 1.0
    score = round(sum(d.weight * d.score for d in dims) / total_weight, 2)
    grade = "A" if score >= cfg.grade_a else "B" if score >= cfg.grade_b else "C"
    evidence = [
        Evidence(
            record="account",
            id=acc.id,
            values={
                "employees": acc.employees,
                "registered_capital": None if acc.registered_capital is None else float(acc.registered_capital),
            },
        ),
        *[
            Evidence(
                record="order",
                id=o.id,
                values={
                    "product": o.product,
                    "amount": float(o.amount),
                    "ordered_at": o.ordered_at.isoformat(),
                    "due_at": o.due_at.isoformat() if o.due_at else None,
                    "paid_at": o.paid_at.isoformat() if o.paid_at else None,
                },
            )
            for o in orders
        ],
        *[Evidence(record="risk_event", id=r.id, values={"kind": r.kind, "severity": r.severity}) for r in risks],
        *[Evidence(record="opportunity", id=oid, values={"products": list(ps or [])}) for oid, ps in open_products],
    ]
    return QualificationResult(
        account_id=acc.id,
        account_name=acc.name,
        as_of=as_of,
        score=score,
        grade=grade,
        dimensions=dims,
        unknown=[d.name for d in dims if d.unknown],
        evidence=evidence,
        thresholds=[
            Threshold(name="weights", value=dict(cfg.weights)),
            Threshold(name="window_days", value=cfg.window_days),
            Threshold(name="grades", value={"A": cfg.grade_a, "B": cfg.grade_b}, rule="score >= A: A; >= B: B; else C"),
            Threshold(name="risk_penalty", value=dict(cfg.risk_penalty), rule="per risk event in the window"),
        ],
    )


def _dim(
    name: str, cfg: QualificationConfig, score: float, value: float | int | None, rule: str, unknown: bool = False
) -> Dimension:
    return Dimension(
        name=name, weight=cfg.weights.get(name, 0.0), score=round(score, 2), value=value, unknown=unknown, rule=rule
    )


def _amount(current: list[Order], cfg: QualificationConfig) -> Dimension:
    total = round(sum(float(o.amount) for o in current), 2)
    return _dim(
        "purchase_amount",
        cfg,
        band_score(total, cfg.amount_bands),
        total,
        f"order amount in the last {cfg.window_days} days",
    )


def _years(orders: list[Order], as_of: date, cfg: QualificationConfig) -> Dimension:
    rule = "years since the first order"
    if not orders:
        return _dim("years_of_cooperation", cfg, 0.0, None, rule, unknown=True)
    years = round((as_of - orders[0].ordered_at).days / 365.25, 2)
    return _dim("years_of_cooperation", cfg, band_score(years, cfg.years_bands), years, rule)


def _position(acc: Account, cfg: QualificationConfig) -> Dimension:
    rule = "max of employees and registered-capital bands"
    scores = []
    if acc.employees is not None:
        scores.append(band_score(acc.employees, cfg.employees_bands))
    if acc.registered_capital is not None:
        scores.append(band_score(float(acc.registered_capital), cfg.capital_bands))
    if not scores:
        return _dim("industry_position", cfg, 0.0, None, rule, unknown=True)
    return _dim("industry_position", cfg, max(scores), acc.employees, rule)


def _payment(orders: list[Order], risks: list[RiskEvent], as_of: date, cfg: QualificationConfig) -> Dimension:
    rule = "on-time share of due orders * 100 minus risk-event penalties; dishonest debtor 0"
    judged = [
        o
        for o in orders
        if o.due_at is not None and ((o.paid_at is not None and o.paid_at <= as_of) or o.due_at < as_of)
    ]
    on_time = [
        o
        for o in judged
        if o.paid_at is not None and o.paid_at <= as_of and o.due_at is not None and o.paid_at <= o.due_at
    ]
    if any(r.kind == RiskKind.DISHONEST_DEBTOR for r in risks):
        share = round(len(on_time) / len(judged), 4) if judged else None
        return _dim("payment_credit", cfg, 0.0, share, rule)
    if not judged:
        return _dim("payment_credit", cfg, 0.0, None, rule, unknown=True)
    share = round(len(on_time) / len(judged), 4)
    penalty = sum(cfg.risk_penalty.get(r.severity, 0.0) for r in risks)
    return _dim("payment_credit", cfg, max(0.0, share * 100 - penalty), share, rule)


def _growth(current: list[Order], previous: list[Order], cfg: QualificationConfig) -> Dimension:
    rule = "(current - previous window revenue) / previous"
    now = sum(float(o.amount) for o in current)
    before = sum(float(o.amount) for o in previous)
    if before > 0:
        ratio = round((now - before) / before, 4)
        return _dim("growth_potential", cfg, band_score(ratio, cfg.growth_bands), ratio, rule)
    if now > 0:
        return _dim("growth_potential", cfg, max(b.score for b in cfg.growth_bands), None, rule + "; new revenue")
    return _dim("growth_potential", cfg, 0.0, None, rule, unknown=True)


def _synergy(orders: list[Order], open_products: list[str], cfg: QualificationConfig) -> Dimension:
    products = {normalize_text(p) for p in [o.product for o in orders] + open_products if normalize_text(p)}
    return _dim(
        "strategic_synergy",
        cfg,
        band_score(len(products), cfg.synergy_bands),
        len(products),
        "distinct products in orders and open opportunities",
    )


def _loyalty(count: int, cfg: QualificationConfig) -> Dimension:
    return _dim(
        "loyalty",
        cfg,
        band_score(count, cfg.loyalty_bands),
        count,
        f"orders in the last {2 * cfg.window_days} days (repeat purchase)",
    )
