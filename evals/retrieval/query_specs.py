"""The hand-written queries of the retrieval set: who asks, what, in which language, and what answers it.

Each query is phrased as a sales rep or manager would ask it (not copied from a document) and
carries a relevance predicate (:mod:`predicates`) over what the documents say; the relevant
documents are the ones the asking user may see that satisfy it. Queries that name people or
accounts taken from the records are built in :mod:`make_queries`.
"""

from __future__ import annotations

from dataclasses import dataclass

from predicates import Pred, about, competitor, confirmed_value, step

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


def _s(id: str, user: str, query: str, relevant: Pred, language: str, kind: str) -> Spec:
    return Spec(id, user, query, relevant, language, kind)


PRICE = [
    _s("price-sap-lina", LN, "哪些客户嫌我们比SAP贵?", competitor("SAP"), "zh", "entity"),
    _s("price-yonyou-lina", LN, "用友报价比我们低,客户是怎么说的", competitor("用友"), "zh", "entity"),
    _s("price-kingdee-lina", LN, "客户拿金蝶的价格来压我们", competitor("金蝶"), "zh", "entity"),
    _s("price-oracle-wangfang", WF, "哪些客户说Oracle比我们便宜?", competitor("Oracle"), "zh", "entity"),
    _s("price-digiwin-wangfang", WF, "鼎捷报价更低,有哪些客户提过", competitor("鼎捷"), "zh", "entity"),
    _s(
        "price-salesforce-david",
        DL,
        "Which customers said we are pricier than Salesforce?",
        competitor("Salesforce"),
        "en",
        "entity",
    ),
    _s(
        "price-dynamics-david",
        DL,
        "price objections where Microsoft Dynamics came in cheaper",
        competitor("Microsoft Dynamics"),
        "en",
        "entity",
    ),
    _s("price-infor-david", DL, "Infor undercut our offer - who told us that?", competitor("Infor"), "en", "entity"),
    _s("price-oracle-emily", EC, "customers comparing our quote against Oracle", competitor("Oracle"), "en", "entity"),
    _s("price-all-zhangwei", ZW, "哪些客户觉得我们报价太高?", about("price"), "zh", "topic"),
    _s("price-cheaper-rival-zhangwei", ZW, "竞争对手比我们便宜的反馈汇总一下", about("price"), "zh", "paraphrase"),
    _s("price-pushback-david", DL, "Who pushed back on our pricing?", about("price"), "en", "paraphrase"),
    _s(
        "price-justify-emily",
        EC,
        "customers asking us to justify why we cost more than a competitor",
        about("price"),
        "en",
        "paraphrase",
    ),
    _s("price-discount-wangfang", WF, "客户要我们重新考虑折扣的沟通记录", about("price"), "zh", "topic"),
    _s("price-procurement-lina", LN, "采购部嫌贵、要我们解释差价的记录", about("procurement"), "zh", "paraphrase"),
    _s("price-quote-mixed-lina", LN, "哪些客户觉得我们的 quote 太贵?", about("price"), "mixed", "topic"),
    _s(
        "price-salesforce-zhangwei",
        ZW,
        "哪些客户说Salesforce比我们便宜?",
        competitor("Salesforce"),
        "zh",
        "cross_lingual",
    ),
    _s(
        "price-kingdee-emily",
        EC,
        "Which accounts say Kingdee undercuts our price?",
        competitor("金蝶"),
        "en",
        "cross_lingual",
    ),
    _s("price-yonyou-admin", AD, "price complaints that mention Yonyou", competitor("用友"), "en", "cross_lingual"),
    _s("price-sap-admin", AD, "customers who say SAP is cheaper than us", competitor("SAP"), "en", "entity"),
]

SERVICE = [
    _s("service-slow-lina", LN, "最近有哪些客户投诉售后响应慢?", about("service"), "zh", "topic"),
    _s(
        "service-unhappy-wangfang",
        WF,
        "客户对我们的支持团队有什么不满?",
        about("service", "service_unhappy"),
        "zh",
        "topic",
    ),
    _s(
        "service-production-zhangwei",
        ZW,
        "哪些客户因为故障处理不及时影响了生产?",
        about("production_impact"),
        "zh",
        "paraphrase",
    ),
    _s(
        "service-slow-david",
        DL,
        "Which customers complained that our support is slow?",
        about("service"),
        "en",
        "cross_lingual",
    ),
    _s(
        "service-escalation-emily",
        EC,
        "support escalations that took too long",
        about("service"),
        "en",
        "cross_lingual",
    ),
    _s(
        "service-incidents-admin",
        AD,
        "formal complaints about incident response times",
        about("service"),
        "en",
        "paraphrase",
    ),
    _s("service-mixed-lina", LN, "客户说我们的 support 响应太慢", about("service"), "mixed", "topic"),
]

DECLINE = [
    _s("decline-switch-zhangwei", ZW, "哪些客户在考虑换供应商?", about("switch_vendor"), "zh", "topic"),
    _s("decline-delay-lina", LN, "因为交付延期而不满的客户", about("delivery_delay"), "zh", "topic"),
    _s("decline-budget-zhangwei", ZW, "客户提到明年预算可能被砍的记录", about("budget_cut"), "zh", "topic"),
    _s(
        "decline-disappointed-emily",
        EC,
        "customers disappointed with how their project is going",
        about("decline"),
        "en",
        "cross_lingual",
    ),
    _s("decline-disappointed-wangfang", WF, "哪些客户对项目进展感到失望?", about("decline"), "zh", "cross_lingual"),
    _s(
        "decline-delay-david",
        DL,
        "customers upset about delivery delays",
        about("delivery_delay"),
        "en",
        "cross_lingual",
    ),
    _s("decline-churn-zhangwei", ZW, "流失风险高、表达过强烈不满的客户", about("decline"), "zh", "paraphrase"),
    _s(
        "decline-improvement-admin",
        AD,
        "accounts asking our management for an improvement plan",
        about("improvement_plan"),
        "en",
        "cross_lingual",
    ),
    _s(
        "decline-golive-promise-lina",
        LN,
        "哪些客户说我们 go-live 承诺没兑现",
        about("broken_promise"),
        "mixed",
        "paraphrase",
    ),
    _s("decline-unresolved-zhangwei", ZW, "多次投诉问题还没解决的客户", about("unresolved"), "zh", "topic"),
]

OVERDUE = [
    _s("overdue-60-zhangwei", ZW, "哪些客户的货款逾期超过60天?", about("overdue"), "zh", "topic"),
    _s("overdue-chase-lina", LN, "催收逾期发票的邮件", about("overdue"), "zh", "topic"),
    _s("overdue-chase-david", DL, "emails chasing overdue invoices", about("overdue"), "en", "topic"),
    _s(
        "overdue-owe-emily",
        EC,
        "Which customers owe us money for more than 60 days?",
        about("overdue"),
        "en",
        "paraphrase",
    ),
    _s("overdue-reminder-wangfang", WF, "给客户发的逾期付款提醒", about("overdue"), "zh", "cross_lingual"),
    _s(
        "overdue-late-admin",
        AD,
        "reminders about late payments we sent to customers",
        about("overdue"),
        "en",
        "paraphrase",
    ),
    _s("overdue-mixed-zhangwei", ZW, "哪些客户有 overdue 的 invoice?", about("overdue"), "mixed", "topic"),
]

FINANCE = [
    _s(
        "finance-never-met-zhangwei",
        ZW,
        "哪些项目我们一直没见过客户的财务总监?",
        about("finance_absent"),
        "zh",
        "topic",
    ),
    _s("finance-absent-wangfang", WF, "财务负责人缺席会议的纪要", about("finance_absent"), "zh", "topic"),
    _s(
        "finance-cfo-david",
        DL,
        "meetings where the customer's CFO didn't show up",
        about("finance_absent"),
        "en",
        "paraphrase",
    ),
    _s(
        "finance-never-met-emily",
        EC,
        "deals where we have never met the finance director",
        about("finance_absent"),
        "en",
        "topic",
    ),
    _s(
        "finance-budget-admin",
        AD,
        "budget approval stuck because finance never attends our meetings",
        about("finance_absent"),
        "en",
        "paraphrase",
    ),
    _s("finance-mixed-zhangwei", ZW, "CFO 一直没露面的客户", about("finance_absent"), "mixed", "paraphrase"),
]

LEGAL = [
    _s("legal-change-zhangwei", ZW, "哪个客户的法定代表人变更了?", about("legal_rep"), "zh", "topic"),
    _s(
        "legal-change-david",
        DL,
        "Which customer had a change of legal representative?",
        about("legal_rep"),
        "en",
        "cross_lingual",
    ),
    _s(
        "legal-purchasing-emily",
        EC,
        "new legal rep who will now lead purchasing decisions",
        about("legal_rep"),
        "en",
        "cross_lingual",
    ),
    _s("legal-visit-admin", AD, "客户换了老板,我们要尽快去拜访新的法人", about("legal_rep"), "zh", "paraphrase"),
]

VALUE = [
    _s("value-confirmed-zhangwei", ZW, "哪些客户确认了我们的价值主张?", about("value_confirmed"), "zh", "topic"),
    _s(
        "value-erp-close-lina",
        LN,
        "客户同意把月结从十天缩短到三天写进立项材料",
        confirmed_value("Cloud ERP") & about("charter"),
        "zh",
        "paraphrase",
    ),
    _s(
        "value-mes-yield-wangfang",
        WF,
        "客户认可良率提升的价值、同意作为验收标准的项目",
        confirmed_value("MES 制造执行系统") & about("acceptance"),
        "zh",
        "paraphrase",
    ),
    _s(
        "value-inventory-david",
        DL,
        "customers that signed off on cutting inventory days",
        confirmed_value("Supply Chain Suite"),
        "en",
        "paraphrase",
    ),
    _s(
        "value-acceptance-david",
        DL,
        "where did the customer agree to use our business case as the acceptance criterion?",
        about("acceptance"),
        "en",
        "topic",
    ),
    _s(
        "value-downtime-emily",
        EC,
        "confirmed value propositions about reducing unplanned downtime",
        confirmed_value("IoT Gateway"),
        "en",
        "topic",
    ),
    _s(
        "value-downtime-lina",
        LN,
        "设备联网预警、减少非计划停机的价值主张,哪些客户认可了?",
        confirmed_value("IoT Gateway"),
        "zh",
        "topic",
    ),
    _s("value-data-zhangwei", ZW, "客户认可统一数据平台价值的项目", confirmed_value("Data Platform"), "zh", "topic"),
    _s(
        "value-cockpit-admin",
        AD,
        "customers who accepted the mobile management cockpit value proposition",
        confirmed_value("Analytics Add-on"),
        "en",
        "topic",
    ),
    _s(
        "value-cockpit-mixed-lina",
        LN,
        "哪些客户 confirm 了 management cockpit 的价值主张",
        confirmed_value("Analytics Add-on"),
        "mixed",
        "topic",
    ),
    _s("value-charter-zhangwei", ZW, "价值主张已经写进客户项目立项材料的", about("charter"), "zh", "topic"),
    _s("pitch-pending-lina", LN, "我们提了价值主张但客户还没表态的项目", about("value_pitch"), "zh", "paraphrase"),
    _s(
        "pitch-evaluating-david",
        DL,
        "value propositions the customer is still evaluating internally",
        about("value_pitch"),
        "en",
        "topic",
    ),
    _s("pitch-evaluating-wangfang", WF, "客户还在内部评估我们价值主张的商机", about("value_pitch"), "zh", "topic"),
    _s(
        "pitch-no-answer-emily",
        EC,
        "pitched value propositions with no answer yet",
        about("value_pitch"),
        "en",
        "paraphrase",
    ),
]

INTRO = [
    _s("intro-first-visit-wangfang", WF, "首次拜访客户的纪要", about("intro"), "zh", "topic"),
    _s("intro-first-meeting-david", DL, "notes from first meetings with new accounts", about("intro"), "en", "topic"),
    _s("intro-demo-lina", LN, "想要安排现场演示的客户", about("demo_request"), "zh", "topic"),
    _s("intro-demo-emily", EC, "prospects who asked for an on-site demo", about("demo_request"), "en", "topic"),
    _s("intro-pain-zhangwei", ZW, "初次交流时客户提到的主要业务问题", about("business_issue"), "zh", "paraphrase"),
]

DORMANT = [
    _s("dormant-no-plan-wangfang", WF, "今年没有采购计划的客户", about("no_purchase_plan"), "zh", "topic"),
    _s(
        "dormant-no-plan-david",
        DL,
        "customers with no new purchasing plans this year",
        about("no_purchase_plan"),
        "en",
        "topic",
    ),
    _s("dormant-hold-zhangwei", ZW, "因为业务调整暂停采购的客户", about("on_hold"), "zh", "topic"),
    _s(
        "dormant-hold-admin",
        AD,
        "accounts that froze purchasing during a reorganisation",
        about("on_hold"),
        "en",
        "cross_lingual",
    ),
    _s("dormant-budget-lina", LN, "预算都投到别的项目、暂时不买的客户", about("no_purchase_plan"), "zh", "paraphrase"),
]

POSITIVE = [
    _s("positive-reference-zhangwei", ZW, "哪些客户愿意给我们做参考案例?", about("reference"), "zh", "topic"),
    _s("positive-golive-lina", LN, "客户对上线效果满意的反馈", about("golive_results"), "zh", "topic"),
    _s("positive-golive-david", DL, "happy customers after go-live", about("golive_results"), "en", "topic"),
    _s("positive-team-emily", EC, "customers praising our implementation team", about("team_praise"), "en", "topic"),
    _s("positive-management-wangfang", WF, "管理层认可我们团队的客户", about("management_praise"), "zh", "topic"),
    _s("positive-adoption-david", DL, "accounts where usage keeps growing", about("adoption"), "en", "paraphrase"),
    _s(
        "positive-reports-admin",
        AD,
        "customers whose monthly reports are now automated",
        about("auto_reports"),
        "en",
        "topic",
    ),
    _s("positive-fast-wangfang", WF, "客户表扬我们响应及时", about("fast_response"), "zh", "paraphrase"),
    _s("positive-stable-mixed-admin", AD, "哪些客户反馈 system 运行很稳定", about("stable"), "mixed", "topic"),
    _s(
        "positive-smooth-emily", EC, "customers who say the project is running smoothly", about("smooth"), "en", "topic"
    ),
]

PROGRESS = [
    _s("progress-plan-lina", LN, "讨论实施计划和时间表的会议", about("implementation_plan"), "zh", "topic"),
    _s(
        "progress-interfaces-david",
        DL,
        "meetings about interfaces and data migration",
        about("migration"),
        "en",
        "topic",
    ),
    _s("progress-requirements-wangfang", WF, "客户发来的需求清单", about("requirements_sent"), "zh", "topic"),
    _s(
        "progress-interface-docs-david",
        DL,
        "questions from the customer's IT about our interface docs",
        about("interface_questions"),
        "en",
        "topic",
    ),
    _s("progress-roadmap-zhangwei", ZW, "哪些客户把我们的产品列为明年重点项目?", about("it_roadmap"), "zh", "topic"),
    _s(
        "progress-evaluation-emily",
        EC,
        "customers who want to wrap up their evaluation before next quarter",
        about("evaluation"),
        "en",
        "paraphrase",
    ),
    _s("progress-material-lina", LN, "客户要我们补充技术资料", about("evaluation"), "zh", "topic"),
    _s(
        "progress-pain-admin",
        AD,
        "planning meetings where the customer described their pain points",
        about("pain_points"),
        "en",
        "paraphrase",
    ),
    _s(
        "progress-migration-mixed-wangfang",
        WF,
        "讨论 data migration 和上线范围的会议",
        about("migration"),
        "mixed",
        "topic",
    ),
]

NEXT_STEPS = [
    _s("step-roi-lina", LN, "需要准备ROI测算材料的客户", step(4), "zh", "topic"),
    _s(
        "step-survey-david", DL, "Which meetings ended with an on-site survey as the next step?", step(1), "en", "topic"
    ),
    _s("step-interface-review-wangfang", WF, "约了和客户IT部门开接口评审会的", step(2), "zh", "paraphrase"),
    _s(
        "step-proposal-emily",
        EC,
        "where we promised to send an updated proposal within two weeks",
        step(0),
        "en",
        "topic",
    ),
]

INJECTION = [
    _s("injection-note-lina", LN, "客户转来的内部需求说明", about("requirements_sent"), "zh", "topic"),
    _s(
        "injection-note-admin",
        AD,
        "requirements notes forwarded by customers",
        about("requirements_sent"),
        "en",
        "topic",
    ),
]

MORE_ENGLISH = [
    _s(
        "decline-switch-admin",
        AD,
        "customers considering a switch to another supplier",
        about("switch_vendor"),
        "en",
        "topic",
    ),
    _s(
        "decline-budget-admin",
        AD,
        "accounts where repeated delays may cost us next year's budget",
        about("budget_cut"),
        "en",
        "paraphrase",
    ),
    _s(
        "decline-unresolved-emily",
        EC,
        "complaints still unresolved after several escalations",
        about("unresolved"),
        "en",
        "cross_lingual",
    ),
    _s(
        "positive-team-david",
        DL,
        "Which customers appreciate our team's commitment?",
        about("team_thanks"),
        "en",
        "topic",
    ),
    _s(
        "positive-reference-admin",
        AD,
        "customers willing to act as a reference for their industry",
        about("reference"),
        "en",
        "cross_lingual",
    ),
    _s(
        "progress-requirements-emily",
        EC,
        "customers who sent us their list of requirements",
        about("requirements_sent"),
        "en",
        "topic",
    ),
    _s(
        "progress-roadmap-david",
        DL,
        "customers whose IT roadmap includes our product next year",
        about("it_roadmap"),
        "en",
        "topic",
    ),
    _s("progress-material-david", DL, "Who asked us for more technical material?", about("evaluation"), "en", "topic"),
    _s(
        "intro-first-visit-admin",
        AD,
        "first visits where we introduced our offering and reference cases",
        about("first_visit"),
        "en",
        "topic",
    ),
    _s(
        "value-charter-emily",
        EC,
        "customers putting our value proposition into their project charter",
        about("charter"),
        "en",
        "topic",
    ),
    _s(
        "value-mes-admin",
        AD,
        "confirmed value propositions for real-time shop-floor data",
        confirmed_value("MES 制造执行系统"),
        "en",
        "topic",
    ),
    _s("step-roi-david", DL, "meetings where we agreed to prepare an ROI model", step(4), "en", "topic"),
]

HAND_WRITTEN: list[Spec] = [
    *PRICE, *SERVICE, *DECLINE, *OVERDUE, *FINANCE, *LEGAL, *VALUE, *INTRO, *DORMANT, *POSITIVE, *PROGRESS,
    *NEXT_STEPS, *INJECTION, *MORE_ENGLISH,
]  # fmt: skip
