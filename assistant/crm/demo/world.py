"""Build the demo world into a migrated database and say where its stories are."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine

from assistant.crm.demo.catalog import USERS
from assistant.crm.demo.context import Context
from assistant.crm.demo.deals import make_opportunities, make_quotes
from assistant.crm.demo.engagement import make_engagement
from assistant.crm.demo.leads import lead_count, make_leads
from assistant.crm.demo.orders import make_orders
from assistant.crm.demo.people import financial_contact, make_contacts
from assistant.crm.demo.plan import AccountPlan, plan_world
from assistant.crm.demo.signals import make_risk_events, make_surveys, make_tickets
from assistant.crm.demo.writer import BulkWriter, clear_crm

MIN_ACCOUNTS = 20
DEFAULT_TODAY = date(2026, 11, 23)
INJECTION_MARKER = "Ignore your previous instructions"


class DemoUser(BaseModel):
    """A user of the demo organisation (sign in as them by e-mail)."""

    id: str
    email: str
    name: str
    role: str
    manager_id: str | None
    team: str
    slack_user_id: str


class WorldSummary(BaseModel):
    """Counts per table and the records the demo tour and the tests start from."""

    seed: int
    accounts_requested: int
    today: date
    counts: dict[str, int]
    users: list[DemoUser]
    dishonest_debtor_account_id: str
    legal_rep_change_account_id: str
    previous_legal_rep: str
    new_legal_rep: str
    stalled_account_id: str
    stalled_opportunity_id: str
    absent_finance_contact_id: str
    group_account_ids: list[str]
    showcase_group_account_id: str
    white_space_subsidiary_id: str
    sub_subsidiary_id: str
    duplicate_account_ids: list[str]
    declining_account_ids: list[str]
    churned_account_ids: list[str]
    injection_document_ids: list[str]


def build_world(engine: Engine, *, seed: int = 7, accounts: int = 120, today: date = DEFAULT_TODAY) -> WorldSummary:
    """Replace all CRM rows with a generated bilingual demo world, in one transaction.

    The same ``seed``, ``accounts`` and ``today`` always give the same world. ``engine`` must point at
    a migrated database. Every row of the CRM tables is deleted first, and so is every row of other
    tables that refer to them (API keys, drafts, risk actions...); if anything fails, nothing changes.
    Raises ValueError for fewer than :data:`MIN_ACCOUNTS` accounts.
    """
    if accounts < MIN_ACCOUNTS:
        raise ValueError(f"accounts: at least {MIN_ACCOUNTS} are needed for the demo stories, got {accounts}")
    rng = random.Random(seed)
    ctx = Context(rng, today)
    plans, namer = plan_world(rng, accounts)
    found: dict[str, Any] = {"injection": []}
    with engine.begin() as connection:
        clear_crm(connection)
        writer = BulkWriter(connection)
        writer.add("users", [_user_row(user) for user in USERS])
        for plan in plans:
            _build_account(ctx, writer, plan, found)
        leads, events = make_leads(ctx, namer, lead_count(accounts))
        writer.add("leads", leads)
        writer.add("lead_events", events)
        writer.flush()
    return _summary(seed, accounts, today, plans, writer.counts, found)


def _user_row(user: Any) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "manager_id": user.manager_id,
        "team": user.team,
        "slack_user_id": user.slack_user_id,
    }


def _build_account(ctx: Context, writer: BulkWriter, plan: AccountPlan, found: dict[str, Any]) -> None:
    contacts = make_contacts(ctx, plan)
    opps = make_opportunities(ctx, plan)
    orders = make_orders(ctx, plan, opps)
    quotes = make_quotes(ctx, plan, opps)
    legal_days_ago = ctx.rng.randint(15, 30) if plan.old_legal_rep else None
    engagement = make_engagement(ctx, plan, contacts, opps, orders, legal_days_ago)
    writer.add(
        "accounts",
        [
            {
                "id": plan.id,
                "name": plan.name,
                "aliases": plan.aliases,
                "registry_id": plan.registry_id,
                "industry": plan.industry,
                "region": plan.region,
                "employees": plan.employees,
                "registered_capital": plan.registered_capital,
                "founded": plan.founded,
                "parent_id": plan.parent_id,
                "owner_id": plan.owner_id,
                "status": plan.status,
                "legal_rep": plan.legal_rep,
            }
        ],
    )
    writer.add("contacts", [contact.row() for contact in contacts])
    writer.add("opportunities", [opp.row for opp in opps])
    writer.add("orders", orders)
    writer.add("quotes", quotes)
    writer.add("activities", engagement.activities)
    writer.add("activity_contacts", engagement.activity_contacts)
    writer.add("tickets", make_tickets(ctx, plan))
    writer.add("surveys", make_surveys(ctx, plan))
    writer.add("risk_events", make_risk_events(ctx, plan, legal_days_ago))
    writer.add("documents", engagement.documents)
    found["injection"] += [d["id"] for d in engagement.documents if INJECTION_MARKER in d["body"]]
    if plan.scenario == "stalled":
        finance = financial_contact(contacts)
        assert finance is not None
        found["stalled"] = (opps[-1].id, finance.id)


def _summary(
    seed: int, accounts: int, today: date, plans: list[AccountPlan], counts: dict[str, int], found: dict[str, Any]
) -> WorldSummary:
    by_scenario = {plan.scenario: plan for plan in plans if plan.scenario and plan.scenario != "duplicate"}
    roots = [plan for plan in plans if plan.parent_id is None and plan.group_root_id == plan.id]
    deep = {plan.group_root_id: plan for plan in plans if plan.parent_id and plan.parent_id != plan.group_root_id}
    showcase = next(root for root in roots if root.id in deep)
    parents = {plan.parent_id for plan in plans if plan.parent_id}
    white = next(p for p in plans if p.parent_id == showcase.id and p.white_space and p.id not in parents)
    legal = by_scenario["legal_change"]
    stalled_opp, finance = found["stalled"]
    return WorldSummary(
        seed=seed,
        accounts_requested=accounts,
        today=today,
        counts=counts,
        users=[DemoUser(**_user_row(user)) for user in USERS],
        dishonest_debtor_account_id=by_scenario["dishonest"].id,
        legal_rep_change_account_id=legal.id,
        previous_legal_rep=legal.old_legal_rep or "",
        new_legal_rep=legal.legal_rep,
        stalled_account_id=by_scenario["stalled"].id,
        stalled_opportunity_id=stalled_opp,
        absent_finance_contact_id=finance,
        group_account_ids=[root.id for root in roots],
        showcase_group_account_id=showcase.id,
        white_space_subsidiary_id=white.id,
        sub_subsidiary_id=deep[showcase.id].id,
        duplicate_account_ids=sorted(plan.id for plan in plans if plan.scenario == "duplicate"),
        declining_account_ids=[plan.id for plan in plans if plan.profile == "declining"],
        churned_account_ids=[plan.id for plan in plans if plan.status == "churned"],
        injection_document_ids=sorted(found["injection"]),
    )
