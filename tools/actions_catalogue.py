"""The next-best-action catalogue of domain.md section 15, as data, in English and Chinese.

Each finding key maps to one action. Keys are ``<part>.<finding>``: ``c.``, ``1.``, ``3.``, ``9.``
(C139 parts), ``power.``, ``risk.``, ``health.``, ``rfm.``, ``tree.``. Entries marked (ours) extend the
starting set of the specification. Tools attach the entry to a finding together with the subject
(which person, department or factor) so an answer names the finding, the evidence and the action.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CatalogueEntry(BaseModel):
    """One finding and the action it calls for."""

    model_config = ConfigDict(frozen=True)

    finding: str = Field(description="Finding key, e.g. '3.financial_missing'.")
    label: str = Field(description="The finding in words (English).")
    action_en: str
    action_zh: str
    effect_en: str = Field(description="Expected effect of the action.")
    effect_zh: str


class ActionRef(BaseModel):
    """A catalogue action applied to a concrete subject (a person, department, factor or product)."""

    model_config = ConfigDict(frozen=True)

    finding: str
    subject: str = ""
    action_en: str
    action_zh: str


def _e(finding: str, label: str, en: str, zh: str, effect_en: str, effect_zh: str) -> CatalogueEntry:
    return CatalogueEntry(
        finding=finding, label=label, action_en=en, action_zh=zh, effect_en=effect_en, effect_zh=effect_zh
    )


_COVERAGE = ("raises customer coverage (C139 C)", "提升客户覆盖度(C139 之 C)")
_VALUE = ("a confirmed value proposition (C139 1)", "获得客户确认的价值主张(C139 之 1)")
_KEYP = ("secures the three key persons (C139 3)", "打通三个关键人(C139 之 3)")
_COMP = ("improves the competitive position (C139 9)", "改善竞争态势(C139 之 9)")

_ENTRIES: tuple[CatalogueEntry, ...] = (
    _e(
        "c.departments_not_engaged",
        "departments not engaged in 90 days",
        "map the missing departments with the champion; run a workshop for each",
        "请关键支持者梳理未覆盖部门,逐一安排专题交流",
        *_COVERAGE,
    ),
    _e(
        "c.no_organizational_layer",
        "no organizational-layer relationship",
        "propose an executive sponsor meeting and a framework agreement",
        "推动高层互访,探讨战略合作框架协议",
        *_COVERAGE,
    ),
    _e(
        "1.no_value_proposition",
        "no value proposition recorded",
        "write one value proposition tied to the customer's stated pain, confirm it in the next meeting",
        "围绕客户痛点提炼唯一价值主张,并在下次会议中确认",
        *_VALUE,
    ),
    _e(
        "1.value_not_confirmed",
        "value proposition not confirmed",
        "get written confirmation of the business case (ROI, success criteria)",
        "请客户书面确认业务价值与成功标准",
        *_VALUE,
    ),
    _e(
        "3.decision_maker_missing",
        "decision maker missing or cold",
        "ask the champion to arrange a meeting with the decision maker; bring an executive",
        "请内部支持者引荐最终决策人,由我方高层陪同拜访",
        *_KEYP,
    ),
    _e(
        "3.financial_missing",
        "financial owner missing",
        "prepare an ROI/TCO case and ask for an introduction to the finance director",
        "准备投资回报测算,请求引荐财务负责人",
        *_KEYP,
    ),
    _e(
        "3.technical_missing",
        "technical/user lead missing",
        "offer a technical deep-dive or pilot for the evaluator",
        "为技术评估人安排技术交流或试点",
        *_KEYP,
    ),
    _e(
        "3.opponent",
        "key person is an opponent",
        "find what they lose from the change; neutralise with a reference customer or a concession on their concern",
        "了解反对者顾虑,用标杆案例或针对性让步化解",
        *_KEYP,
    ),
    _e(
        "9.price",
        "price rated below competitor",
        "sell value (TCO, phased payment) before any discount; discount only against scope or term",
        "先讲总拥有成本与分期方案,折扣须换取范围或年限",
        *_COMP,
    ),
    _e(
        "9.fit",
        "product fit, technical, delivery below",
        "close the gap with a proof of concept, a roadmap commitment or a delivery plan",
        "以概念验证、路线图承诺或交付计划弥补差距",
        *_COMP,
    ),
    _e(
        "9.service",
        "service, responsiveness below",
        "name a service lead and SLA; show local support capacity",
        "明确服务负责人与响应时限,展示本地服务能力",
        *_COMP,
    ),
    _e(
        "9.brand",
        "brand, references below",
        "arrange a reference call or site visit with a similar customer",
        "安排同行业标杆客户交流或参观",
        *_COMP,
    ),
    _e(
        "9.relationship",
        "relationship, commercial terms below",
        "plan relationship steps per layer; offer terms the finance owner values",
        "按关系层级制定提升计划,提供财务认可的商务条款",
        *_COMP,
    ),
    _e(
        "9.unknown",
        "competitive factors not rated (ours)",
        "rate the unrated factors against the main competitor with the deal team",
        "与项目团队对照主要竞争对手,补充未评估的竞争要素",
        "replaces unknowns with a real assessment",
        "以真实评估取代未知项",
    ),
    _e(
        "power.role_uncovered",
        "decision role nobody covers (ours)",
        "ask the champion who holds this role and request an introduction",
        "请内部支持者确认该角色人选并引荐",
        "completes the power map",
        "完善权力地图",
    ),
    _e(
        "power.high_influence_not_met",
        "high-influence contact not met in 60 days (ours)",
        "book a business review with the key persons",
        "预约关键人业务回顾会",
        "restores contact with the people who decide",
        "恢复与关键决策人的接触",
    ),
    _e(
        "power.high_influence_opponent",
        "high-influence opponent (ours)",
        "find what they lose from the change; neutralise with a reference customer or a concession on their concern",
        "了解反对者顾虑,用标杆案例或针对性让步化解",
        "reduces blocking power",
        "降低反对阻力",
    ),
    _e(
        "risk.dishonest_debtor",
        "dishonest debtor 失信被执行人",
        "stop credit sales; require prepayment or guarantee; review receivables with finance",
        "停止赊销,要求预付款或担保,与财务复核应收账款",
        "limits credit loss",
        "控制坏账损失",
    ),
    _e(
        "risk.legal_rep_change",
        "legal-representative change 法人变更",
        "re-map the decision chain; meet the new representative within 30 days",
        "重新梳理决策链,30天内拜访新任法人",
        "keeps the decision chain current",
        "保持决策链准确",
    ),
    _e(
        "risk.receivables_overdue",
        "receivables overdue > 60 days",
        "agree a payment plan; pause new deliveries above a threshold",
        "与客户商定回款计划,超限暂停新发货",
        "recovers cash, limits exposure",
        "回收账款,控制敞口",
    ),
    _e(
        "risk.other",
        "other risk event or signal (ours)",
        "review the event with your manager and finance; confirm the exposure with the customer",
        "与主管及财务复核该风险事件,并向客户核实影响",
        "makes the exposure known",
        "明确风险敞口",
    ),
    _e(
        "health.no_key_person_contact",
        "no key-person contact in 60 days",
        "book a business review with the key persons",
        "预约关键人业务回顾会",
        "restores contact with the people who decide",
        "恢复与关键决策人的接触",
    ),
    _e(
        "health.negative_sentiment",
        "negative sentiment trend",
        "escalate to the manager; run a service recovery call citing the documents",
        "升级至主管,针对具体问题开展服务补救沟通",
        "stops the slide in satisfaction",
        "遏制满意度下滑",
    ),
    _e(
        "health.low_indicator",
        "weak health indicator (ours)",
        "review the indicator with the account team and agree one corrective step",
        "与客户团队复盘该健康指标,商定一项改进措施",
        "lifts account health",
        "提升客户健康度",
    ),
    _e(
        "rfm.needs_waking",
        "RFM segment: needs waking 需唤醒",
        "run a win-back plan: account review, new-offer briefing, executive call",
        "启动唤醒计划:客户回顾、新品推介、高层致电",
        "reactivates a dormant customer",
        "唤醒沉睡客户",
    ),
    _e(
        "rfm.important_win_back",
        "RFM segment: important win-back 重要挽留",
        "top priority save plan with an executive sponsor",
        "列为重点挽留,由高层牵头挽回",
        "keeps a high-value customer",
        "保住高价值客户",
    ),
    _e(
        "tree.cross_sell",
        "tree: white space / cross-sell",
        "pitch the sibling-proven product to the subsidiary with the sibling as reference",
        "以兄弟子公司的成功案例向空白子公司推荐同类产品",
        "raises group penetration",
        "提升集团渗透率",
    ),
)

CATALOGUE: dict[str, CatalogueEntry] = {entry.finding: entry for entry in _ENTRIES}


def entry(finding: str) -> CatalogueEntry:
    """The catalogue entry for ``finding`` (KeyError names the unknown key)."""
    try:
        return CATALOGUE[finding]
    except KeyError:
        raise KeyError(f"no catalogue entry for finding {finding!r}") from None


def action(finding: str, subject: str = "") -> ActionRef:
    """The catalogue action for ``finding``, applied to ``subject``."""
    found = entry(finding)
    return ActionRef(finding=finding, subject=subject, action_en=found.action_en, action_zh=found.action_zh)


#: C139 factor -> catalogue finding for a rating below the competitor.
FACTOR_FINDING: dict[str, str] = {
    "price": "9.price",
    "product_fit": "9.fit",
    "technical": "9.fit",
    "delivery": "9.fit",
    "service": "9.service",
    "responsiveness": "9.service",
    "brand": "9.brand",
    "relationship": "9.relationship",
    "commercial": "9.relationship",
}
