"""Dictionary query translation between Chinese and English for the sales vocabulary.

The offline embedding model (multilingual-e5-small, 4-bit) puts a query closer to same-language
text on another topic than to other-language text on the same topic, and BM25 cannot match
across languages at all. So the retrieval layer translates the query's domain terms with this
glossary (the topics of domain.md section 11 and the CRM's everyday words) and searches with
both: the keyword query gets the translated tokens, the dense query the mean of the two query
vectors. Terms outside the glossary are left to the embedding model.
"""

from __future__ import annotations

import re

# (Chinese, English) pairs; several Chinese words may share one English rendering and vice versa.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("价格", "price"),
    ("报价", "quote"),
    ("定价", "pricing"),
    ("折扣", "discount"),
    ("降价", "price cut"),
    ("太贵", "too expensive"),
    ("成本", "cost"),
    ("费用", "fee"),
    ("预算", "budget"),
    ("削减", "cut"),
    ("砍预算", "budget cut"),
    ("竞争对手", "competitor"),
    ("竞品", "competitor"),
    ("对手", "rival"),
    ("交付", "delivery"),
    ("交货", "delivery"),
    ("发货", "shipment"),
    ("延迟", "delay"),
    ("推迟", "delay"),
    ("延期", "postponed"),
    ("逾期", "overdue"),
    ("进度", "schedule"),
    ("时间表", "timeline"),
    ("工期", "timeline"),
    ("截止", "deadline"),
    ("上线", "go-live"),
    ("质量", "quality"),
    ("故障", "outage"),
    ("缺陷", "defect"),
    ("投诉", "complaint"),
    ("不满", "dissatisfied"),
    ("满意", "satisfied"),
    ("关系", "relationship"),
    ("信任", "trust"),
    ("合同", "contract"),
    ("续约", "renewal"),
    ("续签", "renewal"),
    ("签约", "signing"),
    ("回款", "payment"),
    ("付款", "payment"),
    ("欠款", "unpaid"),
    ("发票", "invoice"),
    ("订单", "order"),
    ("采购", "procurement"),
    ("招标", "tender"),
    ("投标", "bid"),
    ("审批", "approval"),
    ("决策", "decision"),
    ("决策人", "decision maker"),
    ("总经理", "general manager"),
    ("财务", "finance"),
    ("法务", "legal"),
    ("技术部", "technical department"),
    ("信息中心", "it department"),
    ("服务器", "server"),
    ("软件", "software"),
    ("许可", "license"),
    ("实施", "implementation"),
    ("部署", "deployment"),
    ("安装", "installation"),
    ("培训", "training"),
    ("维护", "maintenance"),
    ("维保", "maintenance"),
    ("售后", "after-sales"),
    ("服务", "service"),
    ("支持", "support"),
    ("演示", "demo"),
    ("试点", "pilot"),
    ("需求", "requirements"),
    ("方案", "proposal"),
    ("项目", "project"),
    ("风险", "risk"),
    ("诉讼", "lawsuit"),
    ("流失", "churn"),
    ("扩容", "expansion"),
    ("增购", "upsell"),
    ("会议", "meeting"),
    ("拜访", "visit"),
    ("安全", "security"),
    ("数据", "data"),
    ("云", "cloud"),
    ("集成", "integration"),
    ("升级", "upgrade"),
    ("风电", "wind power"),
    ("电力", "power"),
    ("制造", "manufacturing"),
    ("物流", "logistics"),
    ("客户", "customer"),
    # Vendors known by a Chinese and an English name.
    ("用友", "yonyou"),
    ("金蝶", "kingdee"),
    ("鼎捷", "digiwin"),
    ("甲骨文", "oracle"),
    ("微软", "microsoft"),
    # People and organisation.
    ("财务总监", "finance director"),
    ("财务总监", "cfo"),
    ("首席财务官", "cfo"),
    ("财务负责人", "head of finance"),
    ("法定代表人", "legal representative"),
    ("法人", "legal representative"),
    ("管理层", "management"),
    ("高层", "senior management"),
    ("采购部", "procurement department"),
    ("采购经理", "procurement manager"),
    ("供应商", "supplier"),
    ("供应商", "vendor"),
    ("厂商", "vendor"),
    # Buying and commercial terms.
    ("采购", "purchasing"),
    ("采购计划", "purchasing plan"),
    ("更换", "switch"),
    ("便宜", "cheaper"),
    ("差价", "price difference"),
    ("搁置", "on hold"),
    ("暂停", "paused"),
    ("业务调整", "reorganisation"),
    ("业务调整", "reorganization"),
    ("重组", "restructuring"),
    ("投资回报", "roi"),
    ("投资回报", "return on investment"),
    # Value and the sales process.
    ("价值主张", "value proposition"),
    ("确认", "confirmed"),
    ("认可", "accepted"),
    ("验收", "acceptance"),
    ("验收标准", "acceptance criteria"),
    ("立项", "project charter"),
    ("参考案例", "reference customer"),
    ("首次拜访", "first visit"),
    ("首次", "first"),
    ("初次", "first"),
    ("现场", "on-site"),
    ("调研", "survey"),
    ("评审", "review"),
    ("评估", "evaluation"),
    ("规划", "roadmap"),
    ("重点项目", "key project"),
    ("需求清单", "list of requirements"),
    ("技术资料", "technical material"),
    ("文档", "documentation"),
    ("接口", "interface"),
    ("数据迁移", "data migration"),
    ("迁移", "migration"),
    ("报表", "report"),
    ("使用率", "adoption"),
    ("使用率", "usage"),
    # Service and how the customer feels.
    ("响应", "response"),
    ("响应慢", "slow response"),
    ("太慢", "too slow"),
    ("故障", "incident"),
    ("事故", "incident"),
    ("停机", "downtime"),
    ("停工", "stoppage"),
    ("产线", "production line"),
    ("失望", "disappointed"),
    ("不满", "frustrated"),
    ("抱怨", "complain"),
    ("改进方案", "improvement plan"),
    ("承诺", "promise"),
    ("感谢", "appreciate"),
    ("赞赏", "praise"),
    ("表扬", "praise"),
    ("顺利", "smooth"),
    ("稳定", "stable"),
    ("慢", "slow"),
    ("升级", "escalation"),
    ("延期", "delay"),
    ("一再延期", "repeated delay"),
    ("逾期", "past due"),
    ("付款计划", "payment plan"),
    ("付款条件", "payment terms"),
    ("缺席", "absent"),
    ("见面", "meet"),
    ("见过面", "met"),
    ("财务负责人", "finance owner"),
    ("满意", "pleased"),
    ("满意", "happy"),
    ("运营", "operations"),
    ("实施团队", "implementation team"),
    ("评估", "evaluate"),
    ("内部评估", "evaluate internally"),
    ("意见", "opinion"),
    ("参考案例", "reference"),
    ("案例", "references"),
    ("现场演示", "on-site demo"),
    ("兴趣", "interest"),
    ("痛点", "pain"),
    ("需求说明", "requirements note"),
    ("转来", "forwarded"),
    ("明年", "next year"),
    ("自动生成", "produced automatically"),
    # What the products promise and the pains they answer (the value propositions of the notes).
    ("驾驶舱", "cockpit"),
    ("移动端", "mobile"),
    ("经营指标", "operating figures"),
    ("关键指标", "key figures"),
    ("指标", "metric"),
    ("管理报表", "management reports"),
    ("手工", "by hand"),
    ("需求预测", "demand forecasting"),
    ("补货", "replenishment"),
    ("库存", "inventory"),
    ("库存周转", "inventory turns"),
    ("周转天数", "inventory days"),
    ("缺货", "stock-out"),
    ("积压", "overstock"),
    ("非计划停机", "unplanned downtime"),
    ("预警", "alert"),
    ("设备", "equipment"),
    ("联网", "connected"),
    ("月结", "month-end close"),
    ("认证", "certification"),
    ("专属支持", "named support"),
)

# Longest first (so 竞争对手 wins over 对手), ties by the term itself: the order of the translation, and so
# the query vector, must not depend on set iteration order (which changes with each process's hash seed).
_ZH_TERMS = sorted({zh for zh, _ in GLOSSARY}, key=lambda term: (-len(term), term))
_ZH_TO_EN: dict[str, list[str]] = {}
_EN_TO_ZH: dict[str, list[str]] = {}
for _zh, _en in GLOSSARY:
    _ZH_TO_EN.setdefault(_zh, []).append(_en)
    _EN_TO_ZH.setdefault(_en, []).append(_zh)
_EN_TERMS = sorted(_EN_TO_ZH, key=lambda term: (-len(term), term))
_EN_PATTERN = re.compile(r"\b(" + "|".join(re.escape(t) for t in _EN_TERMS) + r")(?:e?s|d|ed)?\b", re.IGNORECASE)


def translate_terms(query: str) -> str | None:
    """The glossary renderings, in the other language, of the domain terms in ``query``; None if none.

    Chinese terms are matched longest first (so 竞争对手 wins over 对手); English terms as whole
    words with a plural or past-tense ending allowed.
    """
    found: list[str] = []
    rest = query
    for term in _ZH_TERMS:
        if term in rest:
            found.extend(_ZH_TO_EN[term])
            rest = rest.replace(term, " ")
    for match in _EN_PATTERN.finditer(query):
        found.extend(_EN_TO_ZH[match.group(1).lower()])
    unique = list(dict.fromkeys(found))
    return " ".join(unique) if unique else None
