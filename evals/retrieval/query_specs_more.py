"""Hand-written queries, continued: value propositions, first visits, dormant and happy customers,
project progress, next steps, forwarded requirements, and more English questions (see :mod:`query_specs`)."""

from __future__ import annotations

from predicates import about, confirmed_value, step
from query_specs import AD, DL, EC, LN, WF, ZW, ask

VALUE = [
    ask("value-confirmed-zhangwei", ZW, "哪些客户确认了我们的价值主张?", about("value_confirmed"), "zh", "topic"),
    ask(
        "value-erp-close-lina",
        LN,
        "客户同意把月结从十天缩短到三天写进立项材料",
        confirmed_value("Cloud ERP") & about("charter"),
        "zh",
        "paraphrase",
    ),
    ask(
        "value-mes-yield-wangfang",
        WF,
        "客户认可良率提升的价值、同意作为验收标准的项目",
        confirmed_value("MES 制造执行系统") & about("acceptance"),
        "zh",
        "paraphrase",
    ),
    ask(
        "value-inventory-david",
        DL,
        "customers that signed off on cutting inventory days",
        confirmed_value("Supply Chain Suite"),
        "en",
        "paraphrase",
    ),
    ask(
        "value-acceptance-david",
        DL,
        "where did the customer agree to use our business case as the acceptance criterion?",
        about("acceptance"),
        "en",
        "topic",
    ),
    ask(
        "value-downtime-emily",
        EC,
        "confirmed value propositions about reducing unplanned downtime",
        confirmed_value("IoT Gateway"),
        "en",
        "topic",
    ),
    ask(
        "value-downtime-lina",
        LN,
        "设备联网预警、减少非计划停机的价值主张,哪些客户认可了?",
        confirmed_value("IoT Gateway"),
        "zh",
        "topic",
    ),
    ask("value-data-zhangwei", ZW, "客户认可统一数据平台价值的项目", confirmed_value("Data Platform"), "zh", "topic"),
    ask(
        "value-cockpit-admin",
        AD,
        "customers who accepted the mobile management cockpit value proposition",
        confirmed_value("Analytics Add-on"),
        "en",
        "topic",
    ),
    ask(
        "value-cockpit-mixed-lina",
        LN,
        "哪些客户 confirm 了 management cockpit 的价值主张",
        confirmed_value("Analytics Add-on"),
        "mixed",
        "topic",
    ),
    ask("value-charter-zhangwei", ZW, "价值主张已经写进客户项目立项材料的", about("charter"), "zh", "topic"),
    ask("pitch-pending-lina", LN, "我们提了价值主张但客户还没表态的项目", about("value_pitch"), "zh", "paraphrase"),
    ask(
        "pitch-evaluating-david",
        DL,
        "value propositions the customer is still evaluating internally",
        about("value_pitch"),
        "en",
        "topic",
    ),
    ask("pitch-evaluating-wangfang", WF, "客户还在内部评估我们价值主张的商机", about("value_pitch"), "zh", "topic"),
    ask(
        "pitch-no-answer-emily",
        EC,
        "pitched value propositions with no answer yet",
        about("value_pitch"),
        "en",
        "paraphrase",
    ),
]

INTRO = [
    ask("intro-first-visit-wangfang", WF, "首次拜访客户的纪要", about("intro"), "zh", "topic"),
    ask("intro-first-meeting-david", DL, "notes from first meetings with new accounts", about("intro"), "en", "topic"),
    ask("intro-demo-lina", LN, "想要安排现场演示的客户", about("demo_request"), "zh", "topic"),
    ask("intro-demo-emily", EC, "prospects who asked for an on-site demo", about("demo_request"), "en", "topic"),
    ask("intro-pain-zhangwei", ZW, "初次交流时客户提到的主要业务问题", about("business_issue"), "zh", "paraphrase"),
]

DORMANT = [
    ask("dormant-no-plan-wangfang", WF, "今年没有采购计划的客户", about("no_purchase_plan"), "zh", "topic"),
    ask(
        "dormant-no-plan-david",
        DL,
        "customers with no new purchasing plans this year",
        about("no_purchase_plan"),
        "en",
        "topic",
    ),
    ask("dormant-hold-zhangwei", ZW, "因为业务调整暂停采购的客户", about("on_hold"), "zh", "topic"),
    ask(
        "dormant-hold-admin",
        AD,
        "accounts that froze purchasing during a reorganisation",
        about("on_hold"),
        "en",
        "cross_lingual",
    ),
    ask("dormant-budget-lina", LN, "预算都投到别的项目、暂时不买的客户", about("no_purchase_plan"), "zh", "paraphrase"),
]

POSITIVE = [
    ask("positive-reference-zhangwei", ZW, "哪些客户愿意给我们做参考案例?", about("reference"), "zh", "topic"),
    ask("positive-golive-lina", LN, "客户对上线效果满意的反馈", about("golive_results"), "zh", "topic"),
    ask("positive-golive-david", DL, "happy customers after go-live", about("golive_results"), "en", "topic"),
    ask("positive-team-emily", EC, "customers praising our implementation team", about("team_praise"), "en", "topic"),
    ask("positive-management-wangfang", WF, "管理层认可我们团队的客户", about("management_praise"), "zh", "topic"),
    ask("positive-adoption-david", DL, "accounts where usage keeps growing", about("adoption"), "en", "paraphrase"),
    ask(
        "positive-reports-admin",
        AD,
        "customers whose monthly reports are now automated",
        about("auto_reports"),
        "en",
        "topic",
    ),
    ask("positive-fast-wangfang", WF, "客户表扬我们响应及时", about("fast_response"), "zh", "paraphrase"),
    ask("positive-stable-mixed-admin", AD, "哪些客户反馈 system 运行很稳定", about("stable"), "mixed", "topic"),
    ask(
        "positive-smooth-emily", EC, "customers who say the project is running smoothly", about("smooth"), "en", "topic"
    ),
]

PROGRESS = [
    ask("progress-plan-lina", LN, "讨论实施计划和时间表的会议", about("implementation_plan"), "zh", "topic"),
    ask(
        "progress-interfaces-david",
        DL,
        "meetings about interfaces and data migration",
        about("migration"),
        "en",
        "topic",
    ),
    ask("progress-requirements-wangfang", WF, "客户发来的需求清单", about("requirements_sent"), "zh", "topic"),
    ask(
        "progress-interface-docs-david",
        DL,
        "questions from the customer's IT about our interface docs",
        about("interface_questions"),
        "en",
        "topic",
    ),
    ask("progress-roadmap-zhangwei", ZW, "哪些客户把我们的产品列为明年重点项目?", about("it_roadmap"), "zh", "topic"),
    ask(
        "progress-evaluation-emily",
        EC,
        "customers who want to wrap up their evaluation before next quarter",
        about("evaluation"),
        "en",
        "paraphrase",
    ),
    ask("progress-material-lina", LN, "客户要我们补充技术资料", about("evaluation"), "zh", "topic"),
    ask(
        "progress-pain-admin",
        AD,
        "planning meetings where the customer described their pain points",
        about("pain_points"),
        "en",
        "paraphrase",
    ),
    ask(
        "progress-migration-mixed-wangfang",
        WF,
        "讨论 data migration 和上线范围的会议",
        about("migration"),
        "mixed",
        "topic",
    ),
]

NEXT_STEPS = [
    ask("step-roi-lina", LN, "需要准备ROI测算材料的客户", step(4), "zh", "topic"),
    ask(
        "step-survey-david", DL, "Which meetings ended with an on-site survey as the next step?", step(1), "en", "topic"
    ),
    ask("step-interface-review-wangfang", WF, "约了和客户IT部门开接口评审会的", step(2), "zh", "paraphrase"),
    ask(
        "step-proposal-emily",
        EC,
        "where we promised to send an updated proposal within two weeks",
        step(0),
        "en",
        "topic",
    ),
]

INJECTION = [
    ask("injection-note-lina", LN, "客户转来的内部需求说明", about("requirements_sent"), "zh", "topic"),
    ask(
        "injection-note-admin",
        AD,
        "requirements notes forwarded by customers",
        about("requirements_sent"),
        "en",
        "topic",
    ),
]

MORE_ENGLISH = [
    ask(
        "decline-switch-admin",
        AD,
        "customers considering a switch to another supplier",
        about("switch_vendor"),
        "en",
        "topic",
    ),
    ask(
        "decline-budget-admin",
        AD,
        "accounts where repeated delays may cost us next year's budget",
        about("budget_cut"),
        "en",
        "paraphrase",
    ),
    ask(
        "decline-unresolved-emily",
        EC,
        "complaints still unresolved after several escalations",
        about("unresolved"),
        "en",
        "cross_lingual",
    ),
    ask(
        "positive-team-david",
        DL,
        "Which customers appreciate our team's commitment?",
        about("team_thanks"),
        "en",
        "topic",
    ),
    ask(
        "positive-reference-admin",
        AD,
        "customers willing to act as a reference for their industry",
        about("reference"),
        "en",
        "cross_lingual",
    ),
    ask(
        "progress-requirements-emily",
        EC,
        "customers who sent us their list of requirements",
        about("requirements_sent"),
        "en",
        "topic",
    ),
    ask(
        "progress-roadmap-david",
        DL,
        "customers whose IT roadmap includes our product next year",
        about("it_roadmap"),
        "en",
        "topic",
    ),
    ask("progress-material-david", DL, "Who asked us for more technical material?", about("evaluation"), "en", "topic"),
    ask(
        "intro-first-visit-admin",
        AD,
        "first visits where we introduced our offering and reference cases",
        about("first_visit"),
        "en",
        "topic",
    ),
    ask(
        "value-charter-emily",
        EC,
        "customers putting our value proposition into their project charter",
        about("charter"),
        "en",
        "topic",
    ),
    ask(
        "value-mes-admin",
        AD,
        "confirmed value propositions for real-time shop-floor data",
        confirmed_value("MES 制造执行系统"),
        "en",
        "topic",
    ),
    ask("step-roi-david", DL, "meetings where we agreed to prepare an ROI model", step(4), "en", "topic"),
]
