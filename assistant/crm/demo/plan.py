"""The account plan: every account of the world with its profile and the story it plays in the demo.

Profiles drive all later generation: ``healthy`` (frequent orders, paid on time, positive notes),
``normal``, ``declining`` (falling orders, overdue payments, SLA breaches, low NPS, sentiment
drifting down), ``dormant`` (no order for more than 180 days) and ``never`` (no business yet).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant.crm.demo.catalog import (
    INDUSTRY_KEYS,
    INDUSTRY_WEIGHTS,
    INDUSTRY_WORDS,
    OWNER_WEIGHTS_EN,
    OWNER_WEIGHTS_ZH,
    PRODUCTS,
    RECURRING_PRODUCTS,
    REP_IDS,
    SECOND_MANAGER_ID,
)
from assistant.crm.demo.names import CompanyName, CompanyNamer, chinese_person, english_person, foreign_registry, uscc
from assistant.crm.demo.trees import TreeNode, chinese_tree, english_tree, subsidiary_counts

#: Only the first this-many accounts get documents, so huge worlds stay fast.
DOC_ACCOUNT_CAP = 2000
DOCS_PER_ACCOUNT = 4.8  # plus a few more where the records require them: about 600 at 120 accounts
DUPLICATE_NAMES = ("上海星河软件有限公司", "上海星河软件股份有限公司")
DUPLICATE_DOMAIN = "xinghe-soft.com"
_MANUFACTURING_POOL = ("MES 制造执行系统", "IoT Gateway", "Data Platform", "Analytics Add-on")


@dataclass(slots=True)
class AccountPlan:
    """One account and the role it plays."""

    index: int
    id: str
    name: str
    aliases: list[str]
    registry_id: str
    industry: str
    region: str
    employees: int
    registered_capital: float
    founded: date
    parent_id: str | None
    owner_id: str
    status: str
    legal_rep: str
    lang: str
    domain: str
    profile: str
    currency: str
    size: float
    product_pool: tuple[str, ...]
    scenario: str | None = None
    group_root_id: str | None = None
    white_space: bool = False
    old_legal_rep: str | None = None
    risks: list[str] = field(default_factory=list)
    injection: bool = False
    overdue_60: bool = False
    doc_quota: int = 0


@dataclass(frozen=True, slots=True)
class _Slot:
    """A place in the id sequence before it becomes an account."""

    tree: int | None
    node: TreeNode | None


def account_id(index: int, accounts: int) -> str:
    """``acc-0001``; wider for worlds with more than 9,999 accounts."""
    return f"acc-{index:0{max(4, len(str(accounts)))}d}"


def plan_world(rng: random.Random, accounts: int) -> tuple[list[AccountPlan], CompanyNamer]:
    """Plan ``accounts`` accounts: customer trees placed among standalone accounts, then the stories.

    Also returns the namer, which keeps lead companies from taking an account's name.
    """
    namer = CompanyNamer(rng)
    namer.reserve("上海星河软件", DUPLICATE_DOMAIN)
    counts = subsidiary_counts(rng, accounts)
    intl_group = rng.randrange(len(counts))
    trees: list[list[TreeNode]] = []
    for number, subs in enumerate(counts):
        international = number == intl_group if number < 4 else rng.random() < 0.3
        maker = english_tree if international else chinese_tree
        trees.append(maker(rng, namer, subs, deep=number % 3 == 0))
    standalone = accounts - sum(len(tree) for tree in trees)
    units: list[list[_Slot]] = [[_Slot(t, node) for node in tree] for t, tree in enumerate(trees)]
    units += [[_Slot(None, None)] for _ in range(standalone)]
    rng.shuffle(units)
    slots = [slot for unit in units for slot in unit]
    plans: list[AccountPlan] = []
    roots: dict[int, AccountPlan] = {}
    tree_ids: dict[int, list[str]] = {}
    standalone_plans: list[AccountPlan] = []
    for index, slot in enumerate(slots, start=1):
        ident = account_id(index, accounts)
        if slot.node is None or slot.tree is None:
            plan = _standalone(rng, namer, index, ident)
            standalone_plans.append(plan)
        else:
            ids = tree_ids.setdefault(slot.tree, [])
            parent = None if slot.node.parent is None else ids[slot.node.parent]
            plan = _tree_member(rng, slot.node, index, ident, parent, roots.get(slot.tree))
            if parent is None:
                roots[slot.tree] = plan
            ids.append(ident)
        plans.append(plan)
    _assign_stories(rng, namer, standalone_plans, accounts)
    _assign_doc_quotas(rng, plans)
    return plans, namer


def _company_facts(rng: random.Random, lang: str, big: bool) -> tuple[int, float, date, str]:
    low, high = (3000.0, 80000.0) if big else (60.0, 20000.0)
    employees = int(math.exp(rng.uniform(math.log(low), math.log(high))))
    capital = float(round(employees * rng.uniform(4_000, 40_000), -4))
    founded = date(rng.randint(1990, 2021), rng.randint(1, 12), rng.randint(1, 28))
    legal_rep = (chinese_person(rng) if lang == "zh" else english_person(rng)).name
    return employees, capital, founded, legal_rep


def _registry(company: CompanyName, founded: date, index: int) -> str:
    if company.registry_style == "uscc":
        return uscc(company.division, index)
    return foreign_registry(company.registry_style, founded.year, index)


def _owner(rng: random.Random, lang: str) -> str:
    weights = OWNER_WEIGHTS_ZH if lang == "zh" else OWNER_WEIGHTS_EN
    return rng.choices([w[0] for w in weights], weights=[w[1] for w in weights])[0]


def _pool(rng: random.Random, industry: str) -> tuple[str, ...]:
    names = [p.name for p in PRODUCTS if p.name not in RECURRING_PRODUCTS]
    pool = rng.sample(names, rng.randint(2, 3))
    if industry == "manufacturing" and rng.random() < 0.7:
        pool[0] = rng.choice(_MANUFACTURING_POOL)
    return tuple(dict.fromkeys(pool))


def _standalone(rng: random.Random, namer: CompanyNamer, index: int, ident: str) -> AccountPlan:
    lang = "zh" if rng.random() < 0.7 else "en"
    industry = rng.choices(INDUSTRY_KEYS, weights=INDUSTRY_WEIGHTS)[0]
    company = namer.chinese(INDUSTRY_WORDS[industry]) if lang == "zh" else namer.english(INDUSTRY_WORDS[industry])
    employees, capital, founded, legal_rep = _company_facts(rng, lang, big=False)
    profile = rng.choices(("healthy", "normal", "dormant", "never"), weights=(42, 38, 10, 10))[0]
    return AccountPlan(
        index,
        ident,
        company.name,
        list(company.aliases),
        _registry(company, founded, index),
        industry,
        company.region,
        employees,
        capital,
        founded,
        None,
        _owner(rng, lang),
        "active",
        legal_rep,
        lang,
        company.domain,
        profile,
        "USD" if lang == "en" and rng.random() < 0.5 else "CNY",
        min(3.0, max(0.5, (employees / 500) ** 0.35)),
        _pool(rng, industry),
    )


def _tree_member(
    rng: random.Random, node: TreeNode, index: int, ident: str, parent: str | None, root: AccountPlan | None
) -> AccountPlan:
    company = CompanyName(node.name, node.aliases, node.domain, node.region, node.division, node.registry_style)
    employees, capital, founded, legal_rep = _company_facts(rng, node.lang, big=root is None)
    if root is not None:
        employees = min(employees, max(60, root.employees // 3))
        capital = float(round(employees * rng.uniform(4_000, 40_000), -4))
        founded = min(date(2024, 6, 30), root.founded + timedelta(days=rng.randint(200, 5000)))
    if root is None:
        profile, owner, pool = rng.choice(("healthy", "normal")), _owner(rng, node.lang), _pool(rng, node.industry)
        if owner == SECOND_MANAGER_ID:
            owner = rng.choice(REP_IDS)  # a whole customer tree is a rep's job; the manager keeps only a few
        pool = tuple(dict.fromkeys((*pool, *rng.sample([p.name for p in PRODUCTS[:5]], 2))))
    else:
        profile = "never" if node.white_space else rng.choices(("healthy", "normal", "dormant"), (45, 45, 10))[0]
        owner = root.owner_id if rng.random() < 0.75 else rng.choice(REP_IDS)
        pool = tuple(rng.sample(root.product_pool, rng.randint(1, min(3, len(root.product_pool)))))
    return AccountPlan(
        index,
        ident,
        company.name,
        list(company.aliases),
        _registry(company, founded, index),
        node.industry,
        company.region,
        employees,
        capital,
        founded,
        parent,
        owner,
        "active",
        legal_rep,
        node.lang,
        company.domain,
        profile,
        "USD" if node.lang == "en" and rng.random() < 0.5 else "CNY",
        min(3.0, max(0.5, (employees / 500) ** 0.35)),
        pool,
        group_root_id=root.id if root is not None else ident,
        white_space=node.white_space,
    )


def _assign_stories(rng: random.Random, namer: CompanyNamer, standalone: list[AccountPlan], accounts: int) -> None:
    """Pick the accounts of the demo stories among standalone accounts."""
    picks = rng.sample(standalone, len(standalone))
    dup_a, dup_b, dishonest, legal, stalled = picks[:5]
    for plan in (dup_a, dup_b, dishonest, legal):
        if plan.lang != "zh":
            _make_chinese(rng, namer, plan, plan.industry)
    if stalled.lang != "zh" or stalled.industry != "manufacturing":
        _make_chinese(rng, namer, stalled, "manufacturing")
    for plan, name, owner, alias in (
        (dup_a, DUPLICATE_NAMES[0], "u-lina", "Shanghai Xinghe Software Co., Ltd."),
        (dup_b, DUPLICATE_NAMES[1], "u-davidlee", "Shanghai Xinghe Software Inc."),
    ):
        plan.name, plan.owner_id, plan.domain, plan.lang, plan.currency = name, owner, DUPLICATE_DOMAIN, "zh", "CNY"
        plan.aliases, plan.industry, plan.region, plan.scenario = [alias, "星河软件"], "technology", "华东", "duplicate"
        plan.registry_id, plan.profile = uscc("310115", plan.index), "normal"
    for plan, story in ((dishonest, "dishonest"), (legal, "legal_change"), (stalled, "stalled")):
        plan.scenario = story
    dishonest.profile, dishonest.risks, dishonest.overdue_60 = "declining", ["dishonest_debtor", "lawsuit"], True
    legal.profile, legal.risks = "normal", ["legal_rep_change"]
    legal.old_legal_rep = _other_name(rng, legal.legal_rep)
    stalled.profile = "healthy"
    stalled.product_pool = tuple(dict.fromkeys(("MES 制造执行系统", *stalled.product_pool)))
    rest = picks[5:]
    declining = rest[: max(3, round(0.04 * accounts))]
    churned = rest[len(declining) : len(declining) + max(2, round(0.02 * accounts))]
    others = rest[len(declining) + len(churned) :]
    minor = ("lawsuit", "negative_news", "business_abnormal", "financial_anomaly")
    for number, plan in enumerate(declining):
        plan.profile, plan.overdue_60, plan.risks = "declining", True, [minor[number % len(minor)]]
    for plan in churned:
        plan.profile, plan.status = "dormant", "churned"
    emily = [plan for plan in others if plan.owner_id == SECOND_MANAGER_ID]
    for plan in [p for p in others if p.owner_id != SECOND_MANAGER_ID][: max(0, 2 - len(emily))]:
        plan.owner_id = SECOND_MANAGER_ID  # the second manager keeps a few accounts of her own
    buyers = [plan for plan in others if plan.profile in ("healthy", "normal")]
    for plan in buyers[: max(1, round(0.03 * accounts))]:
        plan.overdue_60 = True
    extra_risky = rng.sample(others, min(len(others), max(2, round(0.02 * accounts))))
    for number, plan in enumerate(extra_risky):
        plan.risks.append(("negative_news", "lawsuit", "business_abnormal")[number % 3])
    documented = [p for p in buyers if p.index <= DOC_ACCOUNT_CAP and not p.risks and not p.overdue_60]
    for plan in documented[:3]:
        plan.injection = True


def _make_chinese(rng: random.Random, namer: CompanyNamer, plan: AccountPlan, industry: str) -> None:
    """Give a standalone account a Chinese identity in ``industry`` (the stories are set in China)."""
    made = namer.chinese(INDUSTRY_WORDS[industry])
    plan.name, plan.aliases, plan.domain, plan.region = made.name, list(made.aliases), made.domain, made.region
    plan.lang, plan.currency, plan.legal_rep, plan.industry = "zh", "CNY", chinese_person(rng).name, industry
    plan.registry_id = uscc(made.division, plan.index)


def _other_name(rng: random.Random, current: str) -> str:
    while True:
        name = chinese_person(rng).name
        if name != current:
            return name


def _assign_doc_quotas(rng: random.Random, plans: list[AccountPlan]) -> None:
    """About five documents per documented account, more for declining accounts, few for dormant ones."""
    documented = [plan for plan in plans if plan.index <= DOC_ACCOUNT_CAP]
    ranges = {"healthy": (3, 7), "normal": (3, 7), "declining": (7, 9), "dormant": (1, 3), "never": (1, 3)}
    for plan in documented:
        low, high = ranges[plan.profile]
        plan.doc_quota = rng.randint(low, high) + (2 if plan.scenario in ("stalled", "legal_change") else 0)
    target = round(DOCS_PER_ACCOUNT * len(documented))
    total = sum(p.doc_quota for p in documented)
    growable = [p for p in documented if p.profile in ("healthy", "normal")] or documented
    while total < target:
        rng.choice(growable).doc_quota += 1
        total += 1
    shrinkable = [p for p in documented if p.profile in ("healthy", "normal") and p.scenario is None]
    while total > target and shrinkable:
        plan = rng.choice(shrinkable)
        if plan.doc_quota > 3:
            plan.doc_quota -= 1
            total -= 1
        else:
            shrinkable.remove(plan)
