"""The offline model's intent table: which question calls which tool.

Data-driven: one :class:`Intent` row per capability. A row names the tool it calls and the
patterns (regular expressions, both languages, matched on the case- and width-normalised
question). Arguments are filled from the tool's own JSON schema by parameter name (see
:func:`fill_args`), so a new tool usually needs only a row here and, optionally, an answer
template in an ``answers_*`` module. A row whose tool is not registered answers "not available
yet" instead of guessing.

Extension points:
- add or edit a row in :data:`INTENTS` (or call :func:`register` from another module);
- give a row ``args=`` (a function of the :class:`Entities` and the tool schema) when filling by
  parameter name is not enough;
- parameter names understood by :func:`fill_args` are listed in :data:`ARG_SOURCES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.agent.offline import arguments as build
from assistant.agent.offline.entities import Period, norm


@dataclass
class Entities:
    """What was read out of the question (and the thread) for filling tool arguments."""

    question: str
    account: str | None = None
    role: str | None = None
    period: Period | None = None
    account_span: str = ""  # the text that named the account (left out of search terms)
    as_of: date | None = None


@dataclass(frozen=True)
class ToolInfo:
    """A bound tool as the offline model sees it: name and JSON-schema parameters."""

    name: str
    properties: dict[str, Any] = field(default_factory=dict)
    required: tuple[str, ...] = ()


ArgsBuilder = Callable[[Entities, ToolInfo], dict[str, Any]]

#: Tool parameter names and the entity that fills them.
ARG_SOURCES: dict[str, str] = {
    "account": "account", "account_id": "account", "account_ref": "account",
    "role": "role",
    "since": "period.start", "start": "period.start", "date_from": "period.start",
    "until": "period.end", "end": "period.end", "date_to": "period.end",
    "query": "question", "question": "question", "text": "question",
}  # fmt: skip


def _source(entities: Entities, source: str) -> Any:
    if source == "account":
        return entities.account
    if source == "role":
        return entities.role
    if source == "question":
        return entities.question
    if source.startswith("period.") and entities.period is not None:
        return getattr(entities.period, source.split(".", 1)[1]).isoformat()
    return None


def fill_args(entities: Entities, tool: ToolInfo) -> dict[str, Any]:
    """Tool arguments filled by parameter name from the entities (only parameters the tool has)."""
    args: dict[str, Any] = {}
    for param in tool.properties:
        source = ARG_SOURCES.get(param)
        value = _source(entities, source) if source else None
        if value is not None:
            args[param] = value
    return args


def needs_account(tool: ToolInfo) -> bool:
    """Whether the tool requires an account argument."""
    return any(ARG_SOURCES.get(p) == "account" for p in tool.required)


@dataclass(frozen=True)
class Intent:
    """One capability: the patterns that ask for it and the tool that answers it."""

    name: str
    tool: str | None  # None: answered without a tool (help)
    patterns: tuple[str, ...]
    label_en: str
    label_zh: str
    args: ArgsBuilder = fill_args
    weight: int = 0  # breaks ties between equally specific matches; higher wins
    weak: tuple[str, ...] = ()  # generic words ("how is", "怎么样") that count only once an account is named

    def score(self, text: str, *, named_account: bool = True) -> int:
        """Characters of the question matched by this intent's patterns (0 when none match)."""
        total = 0
        for pattern in self.patterns:
            if m := re.search(pattern, text, re.IGNORECASE):
                total += max(1, len(m.group(0)))
        for pattern in self.weak if named_account else ():
            if re.search(pattern, text, re.IGNORECASE):
                total += 1  # a generic word never outweighs a specific one
        return total

    def label(self, lang: str) -> str:
        """The capability's name in the answer language."""
        return self.label_zh if lang == "zh" else self.label_en


INTENTS: list[Intent] = [
    Intent("help", None, (r"\bhelp\b", r"what can you do", r"what do you do", r"帮助", r"你能做什么", r"你会什么",
           r"能帮我做什么", r"怎么用", r"功能"), "help", "帮助", weight=5),
    # -- tools/accounts.py -----------------------------------------------------------------------
    Intent("list_accounts", "list_my_accounts", (r"\bmy (accounts|customers|clients)\b", r"list (of )?accounts",
           r"\b(all|which|every) (of my )?accounts?\b", r"\b(list|show)( me)?( all)?( of)? my accounts\b", r"我的客户",
           r"我负责的客户", r"客户列表", r"哪些客户", r"所有客户", r"\baccounts? do i (have|own)\b"),
           "list your accounts", "列出您的客户", args=build.list_args),
    Intent("account_overview", "account_overview", (r"\boverview\b", r"\bprofile\b", r"概况", r"介绍", r"概览",
           r"基本信息", r"商机", r"\bopportunit", r"\bpipeline\b", r"订单", r"\blast order\b"),
           "account overview (owner, open opportunities, last order)", "客户概况(负责人、在途商机、最近订单)",
           weight=-1, weak=(r"tell me about", r"how is", r"how are", r"\bstatus of\b", r"\bsummary\b", r"情况",
           r"怎么样", r"如何")),
    Intent("find_contacts", "find_contacts", (r"\bcontacts?\b", r"\bwho (is|are)\b", r"\bpeople\b", r"联系人",
           r"决策人", r"决策者", r"\bdecision makers?\b", r"\bcfo\b", r"\bcto\b", r"\bchampion\b", r"谁是", r"是谁",
           r"\bfinance director\b", r"财务负责人", r"技术负责人", r"教练", r"内线"), "contacts by decision role",
           "按决策角色查找联系人", weight=1),
    # -- scores (tools/agent_scores.py) ------------------------------------------------------------
    Intent("briefing", "account_briefing", (r"\bbrief(ing)?\b", r"简报", r"汇报材料", r"全面分析", r"客户分析报告",
           r"prepare (me )?for (a |the |my )?(meeting|visit|call)", r"准备.{0,6}(拜访|会议|见面)"),
           "account briefing", "客户简报", weight=2),
    Intent("risk", "risk_scan", (r"\brisks?\b", r"\brisky\b", r"red flags?", r"风险", r"失信", r"诉讼", r"法人变更",
           r"舆情", r"经营异常", r"\boverdue\b", r"逾期"), "risk scan", "风险扫描", weight=1),
    Intent("portfolio_risk", "portfolio_at_risk", (r"which of my (accounts|customers|clients).*(risk|unhealthy)",
           r"(哪些|哪几个|哪家)客户.*(风险|不健康)", r"(accounts|customers|clients) (are )?at risk",
           r"at-risk (accounts|customers|clients)", r"at risk in my (book|portfolio)",
           r"风险客户", r"我的.{0,8}客户.{0,6}(有|存在)风险", r"(accounts|customers|clients).{0,20}(risk|unhealthy)"),
           "accounts at risk in your portfolio", "组合中的风险客户", weight=3, args=build.portfolio_args),
    Intent("portfolio_query", "portfolio_query", (r"no key[- ]?person (contact|meeting)",
           r"(no|without) (contact|meeting) with (a |any )?key[- ]?persons?",
           r"(没有|未|没)(联系|接触|见过?|拜访).{0,4}关键人", r"关键人.{0,8}(没有|未|没)(联系|接触|见过?|拜访)",
           r"which of my [abcd][- ]?tier", r"(哪些|哪几个)[abcd]\s*(类|级)客户", r"需要?唤醒", r"needs? waking",
           r"重要挽留", r"win-?back"),
           "portfolio query (tier, key-person contact)", "客户组合查询(等级、关键人联系)", weight=4,
           args=build.portfolio_args),
    Intent("health", "account_health", (r"\bhealth(y)?\b", r"健康度", r"健康"), "health index", "健康度", weight=2),
    Intent("rfm", "account_rfm", (r"(?<![a-z])rfm(?![a-z])", r"\btier\b", r"分层", r"\bsegment\b", r"分级",
           r"价值分层", r"客户等级",
           r"\brecency\b", r"什么等级", r"哪一级", r"哪个等级"), "RFM segment and tier", "RFM 分层与等级", weight=1),
    # -- deals and relationships (tools/agent_tools.py) -------------------------------------------
    Intent("c139", "c139_assessment", (r"\bc139\b", r"c139", r"\bassess", r"商机评估", r"关键人", r"价值主张",
           r"竞争要素", r"\bgaps?\b", r"差距", r"\bkey persons?\b"), "C139 opportunity assessment", "C139 商机评估",
           weight=1, args=build.c139_args),
    Intent("next_actions", "next_best_actions", (r"next (best )?actions?", r"what should i do", r"next steps?",
           r"下一步", r"该怎么做", r"行动建议", r"\brecommend", r"怎么推进", r"how (do|should) (i|we) (proceed|move)"),
           "next best actions", "下一步最佳行动", weight=1),
    Intent("power_map", "power_map", (r"power map", r"decision chain", r"stakeholders?", r"权力地图", r"决策链",
           r"关系图", r"who decides", r"谁拍板"), "power map", "权力地图", weight=2),
    Intent("customer_tree", "customer_tree", (r"customer tree", r"subsidiar", r"penetration", r"cross-?sell",
           r"white space", r"客户树", r"子公司", r"渗透率", r"交叉销售", r"空白"), "customer tree and cross-sell",
           "客户树与交叉销售", weight=1),
    Intent("lead_score", "lead_score", (r"\blead score\b", r"\bscore (the |this )?lead\b.{0,80}", r"\bas a lead\b",
           r"线索.{0,40}?(评分|打分|得分)", r"线索"), "lead score", "线索评分", weight=3, args=build.lead_args),
    Intent("duplicates", "check_duplicates", (r"duplicate", r"撞单", r"重复", r"already (an|a|in) (account|crm)"),
           "duplicate check", "撞单检查", weight=2, args=build.duplicates_args),
    Intent("qualification", "qualify_account", (r"qualif", r"key account", r"大客户筛选", r"大客户资格",
           r"(是否|算不算|够不够|能否).{0,4}大客户", r"大客户(评级|评估|等级|资质)"), "key-account qualification",
           "大客户筛选", weight=1),
    # -- documents (tools/agent_documents.py) ------------------------------------------------------
    Intent("documents", "search_documents", (r"\bsearch\b", r"meeting notes?", r"\bnotes\b", r"\be-?mails?\b",
           r"\bmentioned\b", r"纪要", r"邮件", r"搜索", r"提到", r"记录里", r"查找", r"检索", r"\bdocuments?\b"),
           "search meeting notes and e-mails", "检索会议纪要与邮件", args=build.search_args),
    Intent("sentiment", "sentiment_review", (r"\bsentiment\b", r"\btone\b", r"\bmood\b", r"情绪", r"情感", r"态度",
           r"满意度?"), "sentiment review", "情感分析", weight=2, args=build.sentiment_args),
    Intent("follow_up", "draft_follow_up", (r"follow-?up", r"\bdraft\b", r"跟进邮件", r"起草", r"写一封",
           r"write (an? )?e-?mail"), "follow-up e-mail draft", "跟进邮件草稿", weight=3),
]  # fmt: skip


def register(intent: Intent) -> None:
    """Add a row (replacing a row of the same name), for families defined in other modules."""
    INTENTS[:] = [i for i in INTENTS if i.name != intent.name]
    INTENTS.append(intent)


def by_name(name: str) -> Intent | None:
    """The row called ``name``."""
    return next((i for i in INTENTS if i.name == name), None)


def match(question: str, *, without: str = "", named_account: bool | None = None) -> Intent | None:
    """The best intent for ``question`` (``without``: text to ignore, e.g. the account name), or None.

    ``named_account`` (default: whether ``without`` is given) lets the rows' weak words count.
    """
    text = norm(question)
    if without:
        text = text.replace(norm(without), " ")
    named = bool(without) if named_account is None else named_account
    best: tuple[int, int, int] | None = None
    chosen: Intent | None = None
    for index, intent in enumerate(INTENTS):
        score = intent.score(text, named_account=named)
        if score == 0:
            continue
        key = (score, intent.weight, -index)
        if best is None or key > best:
            best, chosen = key, intent
    return chosen
