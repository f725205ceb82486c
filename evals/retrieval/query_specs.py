"""The hand-written queries of the retrieval set: who asks, what, in which language, and what answers it.

Each query is phrased as a sales rep or manager would ask it (not copied from a document) and
carries a relevance predicate (:mod:`predicates`) over what the documents say; the relevant
documents are the ones the asking user may see that satisfy it. Queries that name people or
accounts taken from the records are built in :mod:`make_queries`.
"""

from __future__ import annotations

from dataclasses import dataclass

from predicates import Pred, about, competitor

ZW = "zhang.wei@tillage-demo.com"  # manager of everyone (Chinese)
EC = "emily.chen@tillage-demo.com"  # manager of the international team (English)
LN = "li.na@tillage-demo.com"  # rep (Chinese)
WF = "wang.fang@tillage-demo.com"  # rep (Chinese)
DL = "david.lee@tillage-demo.com"  # rep, international accounts (English)
AD = "admin@tillage-demo.com"


@dataclass(frozen=True)
class Spec:
    """One query before its relevant documents are worked out."""

    id: str
    user: str
    query: str
    relevant: Pred
    language: str  # zh, en or mixed (one query in both languages)
    kind: str  # topic, paraphrase, entity, account, cross_lingual
    account: str | None = None


def ask(id: str, user: str, query: str, relevant: Pred, language: str, kind: str) -> Spec:
    """A hand-written query (no account filter)."""
    return Spec(id, user, query, relevant, language, kind)


PRICE = [
    ask("price-sap-lina", LN, "哪些客户嫌我们比SAP贵?", competitor("SAP"), "zh", "entity"),
    ask("price-yonyou-lina", LN, "用友报价比我们低,客户是怎么说的", competitor("用友"), "zh", "entity"),
    ask("price-kingdee-lina", LN, "客户拿金蝶的价格来压我们", competitor("金蝶"), "zh", "entity"),
    ask("price-oracle-wangfang", WF, "哪些客户说Oracle比我们便宜?", competitor("Oracle"), "zh", "entity"),
    ask("price-digiwin-wangfang", WF, "鼎捷报价更低,有哪些客户提过", competitor("鼎捷"), "zh", "entity"),
    ask(
        "price-salesforce-david",
        DL,
        "Which customers said we are pricier than Salesforce?",
        competitor("Salesforce"),
        "en",
        "entity",
    ),
    ask(
        "price-dynamics-david",
        DL,
        "price objections where Microsoft Dynamics came in cheaper",
        competitor("Microsoft Dynamics"),
        "en",
        "entity",
    ),
    ask("price-infor-david", DL, "Infor undercut our offer - who told us that?", competitor("Infor"), "en", "entity"),
    ask("price-oracle-emily", EC, "customers comparing our quote against Oracle", competitor("Oracle"), "en", "entity"),
    ask("price-all-zhangwei", ZW, "哪些客户觉得我们报价太高?", about("price"), "zh", "topic"),
    ask("price-cheaper-rival-zhangwei", ZW, "竞争对手比我们便宜的反馈汇总一下", about("price"), "zh", "paraphrase"),
    ask("price-pushback-david", DL, "Who pushed back on our pricing?", about("price"), "en", "paraphrase"),
    ask(
        "price-justify-emily",
        EC,
        "customers asking us to justify why we cost more than a competitor",
        about("price"),
        "en",
        "paraphrase",
    ),
    ask("price-discount-wangfang", WF, "客户要我们重新考虑折扣的沟通记录", about("price"), "zh", "topic"),
    ask("price-procurement-lina", LN, "采购部嫌贵、要我们解释差价的记录", about("procurement"), "zh", "paraphrase"),
    ask("price-quote-mixed-lina", LN, "哪些客户觉得我们的 quote 太贵?", about("price"), "mixed", "topic"),
    ask(
        "price-salesforce-zhangwei",
        ZW,
        "哪些客户说Salesforce比我们便宜?",
        competitor("Salesforce"),
        "zh",
        "cross_lingual",
    ),
    ask(
        "price-kingdee-emily",
        EC,
        "Which accounts say Kingdee undercuts our price?",
        competitor("金蝶"),
        "en",
        "cross_lingual",
    ),
    ask("price-yonyou-admin", AD, "price complaints that mention Yonyou", competitor("用友"), "en", "cross_lingual"),
    ask("price-sap-admin", AD, "customers who say SAP is cheaper than us", competitor("SAP"), "en", "entity"),
]

SERVICE = [
    ask("service-slow-lina", LN, "最近有哪些客户投诉售后响应慢?", about("service"), "zh", "topic"),
    ask(
        "service-unhappy-wangfang",
        WF,
        "客户对我们的支持团队有什么不满?",
        about("service", "service_unhappy"),
        "zh",
        "topic",
    ),
    ask(
        "service-production-zhangwei",
        ZW,
        "哪些客户因为故障处理不及时影响了生产?",
        about("production_impact"),
        "zh",
        "paraphrase",
    ),
    ask(
        "service-slow-david",
        DL,
        "Which customers complained that our support is slow?",
        about("service"),
        "en",
        "cross_lingual",
    ),
    ask(
        "service-escalation-emily",
        EC,
        "support escalations that took too long",
        about("service"),
        "en",
        "cross_lingual",
    ),
    ask(
        "service-incidents-admin",
        AD,
        "formal complaints about incident response times",
        about("service"),
        "en",
        "paraphrase",
    ),
    ask("service-mixed-lina", LN, "客户说我们的 support 响应太慢", about("service"), "mixed", "topic"),
]

DECLINE = [
    ask("decline-switch-zhangwei", ZW, "哪些客户在考虑换供应商?", about("switch_vendor"), "zh", "topic"),
    ask("decline-delay-lina", LN, "因为交付延期而不满的客户", about("delivery_delay"), "zh", "topic"),
    ask("decline-budget-zhangwei", ZW, "客户提到明年预算可能被砍的记录", about("budget_cut"), "zh", "topic"),
    ask(
        "decline-disappointed-emily",
        EC,
        "customers disappointed with how their project is going",
        about("decline"),
        "en",
        "cross_lingual",
    ),
    ask("decline-disappointed-wangfang", WF, "哪些客户对项目进展感到失望?", about("decline"), "zh", "cross_lingual"),
    ask(
        "decline-delay-david",
        DL,
        "customers upset about delivery delays",
        about("delivery_delay"),
        "en",
        "cross_lingual",
    ),
    ask("decline-churn-zhangwei", ZW, "流失风险高、表达过强烈不满的客户", about("decline"), "zh", "paraphrase"),
    ask(
        "decline-improvement-admin",
        AD,
        "accounts asking our management for an improvement plan",
        about("improvement_plan"),
        "en",
        "cross_lingual",
    ),
    ask(
        "decline-golive-promise-lina",
        LN,
        "哪些客户说我们 go-live 承诺没兑现",
        about("broken_promise"),
        "mixed",
        "paraphrase",
    ),
    ask("decline-unresolved-zhangwei", ZW, "多次投诉问题还没解决的客户", about("unresolved"), "zh", "topic"),
]

OVERDUE = [
    ask("overdue-60-zhangwei", ZW, "哪些客户的货款逾期超过60天?", about("overdue"), "zh", "topic"),
    ask("overdue-chase-lina", LN, "催收逾期发票的邮件", about("overdue"), "zh", "topic"),
    ask("overdue-chase-david", DL, "emails chasing overdue invoices", about("overdue"), "en", "topic"),
    ask(
        "overdue-owe-emily",
        EC,
        "Which customers owe us money for more than 60 days?",
        about("overdue"),
        "en",
        "paraphrase",
    ),
    ask("overdue-reminder-wangfang", WF, "给客户发的逾期付款提醒", about("overdue"), "zh", "cross_lingual"),
    ask(
        "overdue-late-admin",
        AD,
        "reminders about late payments we sent to customers",
        about("overdue"),
        "en",
        "paraphrase",
    ),
    ask("overdue-mixed-zhangwei", ZW, "哪些客户有 overdue 的 invoice?", about("overdue"), "mixed", "topic"),
]

FINANCE = [
    ask(
        "finance-never-met-zhangwei",
        ZW,
        "哪些项目我们一直没见过客户的财务总监?",
        about("finance_absent"),
        "zh",
        "topic",
    ),
    ask("finance-absent-wangfang", WF, "财务负责人缺席会议的纪要", about("finance_absent"), "zh", "topic"),
    ask(
        "finance-cfo-david",
        DL,
        "meetings where the customer's CFO didn't show up",
        about("finance_absent"),
        "en",
        "paraphrase",
    ),
    ask(
        "finance-never-met-emily",
        EC,
        "deals where we have never met the finance director",
        about("finance_absent"),
        "en",
        "topic",
    ),
    ask(
        "finance-budget-admin",
        AD,
        "budget approval stuck because finance never attends our meetings",
        about("finance_absent"),
        "en",
        "paraphrase",
    ),
    ask("finance-mixed-zhangwei", ZW, "CFO 一直没露面的客户", about("finance_absent"), "mixed", "paraphrase"),
]

LEGAL = [
    ask("legal-change-zhangwei", ZW, "哪个客户的法定代表人变更了?", about("legal_rep"), "zh", "topic"),
    ask(
        "legal-change-david",
        DL,
        "Which customer had a change of legal representative?",
        about("legal_rep"),
        "en",
        "cross_lingual",
    ),
    ask(
        "legal-purchasing-emily",
        EC,
        "new legal rep who will now lead purchasing decisions",
        about("legal_rep"),
        "en",
        "cross_lingual",
    ),
    ask("legal-visit-admin", AD, "客户换了老板,我们要尽快去拜访新的法人", about("legal_rep"), "zh", "paraphrase"),
]
