"""Customer tree 客户树 (domain.md section 8): penetration, white space and cross-sell of a group.

Definitions:
- The tree of an account is its topmost ancestor (the group) and all the group's descendants, at
  any depth; the subsidiaries are those descendants (the group itself is not one).
- A subsidiary has won business when it has a won opportunity or any order on or before ``as_of``.
- Penetration (percent) = subsidiaries with won business / all subsidiaries * 100.
- White space = subsidiaries without won business.
- Cross-sell for a subsidiary: products (order ``product``, compared case- and width-insensitively)
  that other subsidiaries of the same group bought and this one never ordered, ranked by the
  number of subsidiaries that bought them, then their total amount, then the product name.

Access: the target must be visible (else NotFoundError). Figures about subsidiaries the user may
not see are aggregated: they count in penetration, white space and cross-sell as numbers
(``hidden_*`` fields), but their ids, names and records are never shown. An invisible group is
named neither.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.enums import OpportunityStatus
from assistant.crm.models import Account, Opportunity, Order, User
from tools.base import Evidence, Threshold, ToolResult
from tools.config import ScoringConfig
from tools.lookup import normalize_text, resolve_account
from tools.scoping import visible


class Subsidiary(BaseModel):
    """A visible subsidiary in the tree."""

    id: str
    name: str
    parent_id: str | None
    depth: int
    won_business: bool


class CrossSell(BaseModel):
    """A product other subsidiaries bought and the target has not."""

    product: str
    bought_by: int
    amount: float
    references: list[Subsidiary]
    hidden_buyers: int


class CustomerTreeResult(ToolResult):
    """Penetration, white space and cross-sell for the tree an account belongs to."""

    account_id: str
    account_name: str
    as_of: date
    in_tree: bool
    group_id: str | None
    group_name: str | None
    is_group: bool
    total_subsidiaries: int
    with_business: int
    penetration: float | None
    subsidiaries: list[Subsidiary]
    hidden_subsidiaries: int
    hidden_with_business: int
    white_space: list[Subsidiary]
    hidden_white_space: int
    cross_sell: list[CrossSell]


def customer_tree(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> CustomerTreeResult:
    """Penetration, white space and cross-sell of the customer tree of ``account`` (id or name).

    Works for the group or any subsidiary at any depth. Raises NotFoundError when the account
    does not exist or is not visible to ``user``.
    """
    cfg = (config or ScoringConfig()).tree
    target = resolve_account(session, user=user, ref=account)
    root = target
    for _ in range(cfg.max_depth):
        if root.parent_id is None:
            break
        parent = session.get(Account, root.parent_id)
        if parent is None or parent.id == target.id:
            break
        root = parent
    members: dict[str, tuple[Account, int]] = {}
    frontier, depth = [root.id], 0
    while frontier and depth < cfg.max_depth:
        depth += 1
        children = session.execute(
            select(Account).where(col(Account.parent_id).in_(frontier)).order_by(col(Account.id))
        ).scalars()
        frontier = []
        for child in children:
            if child.id not in members and child.id != root.id:
                members[child.id] = (child, depth)
                frontier.append(child.id)
    ids = sorted(members)
    seen = set(
        session.execute(select(col(Account.id)).where(col(Account.id).in_([*ids, root.id]), visible(user, Account.id)))
        .scalars()
        .all()
    )
    # Sorted in Python (code-point order) so SQLite and PostgreSQL collations give the same output.
    won_opps: list[tuple[str, str]] = sorted(
        (str(oid), str(aid))
        for oid, aid in session.execute(
            select(col(Opportunity.id), col(Opportunity.account_id)).where(
                col(Opportunity.account_id).in_(ids), col(Opportunity.status) == OpportunityStatus.WON.value
            )
        ).all()
    )
    orders: list[Order] = sorted(
        session.execute(select(Order).where(col(Order.account_id).in_(ids), col(Order.ordered_at) <= as_of)).scalars(),
        key=lambda o: (o.account_id, o.ordered_at, o.id),
    )
    business = {a for _, a in won_opps} | {o.account_id for o in orders}
    subs = {
        aid: Subsidiary(
            id=aid,
            name=members[aid][0].name,
            parent_id=members[aid][0].parent_id,
            depth=members[aid][1],
            won_business=aid in business,
        )
        for aid in ids
    }
    shown = [subs[a] for a in ids if a in seen]
    hidden = [a for a in ids if a not in seen]
    cross = _cross_sell(target.id, root.id, orders, subs, seen, cfg.max_cross_sell)
    evidence = [
        Evidence(record="account", id=a.id, values={"parent_id": a.parent_id, "won_business": a.won_business})
        for a in shown
    ]
    evidence += [
        Evidence(record="opportunity", id=oid, values={"account_id": aid, "status": "won"})
        for oid, aid in won_opps
        if aid in seen
    ]
    evidence += [
        Evidence(
            record="order",
            id=o.id,
            values={
                "account_id": o.account_id,
                "product": o.product,
                "amount": float(o.amount),
                "ordered_at": o.ordered_at.isoformat(),
            },
        )
        for o in orders
        if o.account_id in seen
    ]
    total = len(ids)
    return CustomerTreeResult(
        account_id=target.id,
        account_name=target.name,
        as_of=as_of,
        in_tree=total > 0,
        group_id=root.id if root.id in seen else None,
        group_name=root.name if root.id in seen else None,
        is_group=root.id == target.id,
        total_subsidiaries=total,
        with_business=len(business),
        penetration=round(len(business) / total * 100, 2) if total else None,
        subsidiaries=shown,
        hidden_subsidiaries=len(hidden),
        hidden_with_business=sum(1 for a in hidden if a in business),
        white_space=[s for s in shown if not s.won_business],
        hidden_white_space=sum(1 for a in hidden if a not in business),
        cross_sell=cross,
        evidence=evidence,
        thresholds=[
            Threshold(name="won_business", value="won opportunity or any order on or before as_of"),
            Threshold(name="cross_sell_rank", value="buyers desc, amount desc, product"),
            Threshold(name="max_cross_sell", value=cfg.max_cross_sell),
        ],
    )


def _cross_sell(
    target_id: str, root_id: str, orders: list[Order], subs: dict[str, Subsidiary], seen: set[str], limit: int
) -> list[CrossSell]:
    if target_id == root_id or target_id not in subs:
        return []
    owned = {normalize_text(o.product) for o in orders if o.account_id == target_id}
    buyers: dict[str, set[str]] = {}
    amounts: dict[str, float] = {}
    spellings: dict[str, dict[str, int]] = {}
    for o in orders:
        key = normalize_text(o.product)
        if o.account_id == target_id or key in owned or not key:
            continue
        spelled = spellings.setdefault(key, {})
        spelled[o.product.strip()] = spelled.get(o.product.strip(), 0) + 1
        buyers.setdefault(key, set()).add(o.account_id)
        amounts[key] = amounts.get(key, 0.0) + float(o.amount)
    # Show the most used spelling of a product (ties: the first in sort order).
    names = {k: min(v, key=lambda name: (-v[name], name)) for k, v in spellings.items()}
    ranked = sorted(buyers, key=lambda k: (-len(buyers[k]), -amounts[k], names[k]))
    return [
        CrossSell(
            product=names[k],
            bought_by=len(buyers[k]),
            amount=round(amounts[k], 2),
            references=[subs[a] for a in sorted(buyers[k]) if a in seen],
            hidden_buyers=sum(1 for a in buyers[k] if a not in seen),
        )
        for k in ranked[:limit]
    ]
