"""References the offline model reads out of a question besides accounts: record ids, a deal's name,
a lead's company, an account tier, a number of days, a document kind, and the search terms.

Pure text functions over the normalised question (see :func:`entities.norm`); they never query
anything, so they cannot reach records the user may not see: the tools resolve what they return.
"""

from __future__ import annotations

import re

from assistant.agent.offline.entities import norm

_OPP_ID = re.compile(r"\bopp-\d+\b")
_LEAD_ID = re.compile(r"\blead-\d+\b")
_DOC_ID = re.compile(r"\bdoc-\d+(?:@[a-z0-9.-]*[a-z0-9])?")  # e-mails keep their Message-ID domain
_STOP = {
    "the", "this", "that", "a", "an", "my", "our", "their", "its", "c139", "which", "what", "each", "every", "all",
    "open", "current", "active", "new", "main", "biggest", "largest",
    "这个", "那个", "该", "哪个", "所有", "每个", "它的", "他们的", "的", "这", "那",
}  # fmt: skip
_DEAL_EN = re.compile(
    r"(?:for|on|of|about|assess|in)\s+(?:the\s+|this\s+|our\s+)?([\w .+\-]+?)\s+(?:deal|opportunity|project)s?\b"
)
_DEAL_ZH = re.compile(r"([a-z0-9][a-z0-9 .+\-]*?|[\u4e00-\u9fff]{2,10}?)\s*(?:项目|商机|的单子|这单)")
_LEAD_PATTERNS = (
    re.compile(r"\bscore\s+(?:the\s+|this\s+)?lead\s+(?:for\s+|of\s+)?(.+)$"),
    re.compile(r"\blead\s+score\s+(?:of|for)\s+(.+)$"),
    re.compile(r"\blead\s+(.+?)(?:'s)?\s+(?:score|scored)\b"),
    re.compile(r"\b(?:score|rate)\s+(.+?)\s+as\s+a\s+lead\b"),
    re.compile(r"线索[::\s]*(.+?)\s*(?:的)?(?:评分|打分|得分|分数|怎么样|质量)"),
    re.compile(r"(?:给|为)(.+?)(?:这条|这个)?线索\s*(?:评分|打分)"),
    re.compile(r"(.+?)(?:这条|这个)?线索\s*(?:的)?(?:评分|打分|得分|分数|质量)"),
    re.compile(r"(?:给|为)(.+?)\s*(?:评分|打分)"),
)
_TIER = (
    re.compile(r"\b([abcd])[- ]?tier\b"),
    re.compile(r"\btier[- ]?([abcd])\b"),
    re.compile(r"(?<![a-z])([abcd])\s*(?:类|级|等)(?:客户)?"),
)
_DAYS = re.compile(r"(\d{1,4})\s*(?:days?|天|日)")
_KIND_EMAIL = re.compile(r"\be-?mails?\b|邮件|来信")
_KIND_NOTE = re.compile(r"\bmeeting notes?\b|\bminutes\b|\bnotes?\b|纪要|会议记录|拜访记录")
_SEARCH_NOISE = (
    r"^(?:please\s+)?(?:search|find|look up|look for|show me|show|list|get)\s+",
    r"^(?:我想|帮我|请|麻烦)?\s*(?:搜索|查找|检索|查一下|找一下|找找|查查|找)\s*(?:一下)?\s*",
    r"\b(?:the\s+|all\s+|any\s+|our\s+|my\s+)?(?:meeting\s+)?(?:notes?|e-?mails?|documents?|minutes|records?)\s*",
    r"\b(?:about|on|for|mentioning|regarding|that mention|which mention|where)\b\s*",
    r"\b(?:last|past|this|previous)\s+(?:\d+\s+)?(?:days?|weeks?|months?|quarters?|years?)\b",
    r"(?:最近|过去|近)\s*\d+\s*(?:天|日|个?月)|上个?月|本月|这个月|上个?季度|本季度?|这个?季度|去年|今年|本年",
    r"(?:会议纪要|纪要|邮件|会议记录|拜访记录|文档|记录)(?:里|中)?",
    r"(?:关于|有关|提到|提及|涉及|里面|中的|里的)",
    r"(?:最近|近期|有什么|有没有|有哪些|哪些|什么)",
    r"\b(?:in|from|with|at)\s*$",
)


_TRIM = " \t,.;:!?,。;:!?、\"'“”"  # characters trimmed from both ends of a reference


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(_TRIM)


def _usable(ref: str) -> bool:
    return len(ref) >= 2 and ref not in _STOP and not ref.isdigit()


def opportunity_ref(question: str, *, without: str = "") -> str | None:
    """The deal the question names: an id like opp-000123, else the words before deal/项目/商机."""
    text = norm(question)
    if m := _OPP_ID.search(text):
        return m.group(0)
    if without:
        text = text.replace(norm(without), " ")
    text = re.sub(r"\bc139\b|c139", " ", text)
    for pattern in (_DEAL_EN, _DEAL_ZH):
        for m in pattern.finditer(text):
            words = [w for w in _clean(m.group(1)).split(" ") if w not in _STOP]
            ref = _clean(" ".join(words))
            if _usable(ref):
                return ref
    return None


def lead_ref(question: str) -> str | None:
    """The lead the question names: an id like lead-00012, else the company after "score lead"/"线索"."""
    text = norm(question)
    if m := _LEAD_ID.search(text):
        return m.group(0)
    for pattern in _LEAD_PATTERNS:
        if m := pattern.search(text):
            ref = _clean(m.group(1))
            ref = re.sub(r"^(?:the|this|lead)\s+|^(?:这条|这个|线索)", "", ref).strip()
            if _usable(ref):
                return ref
    return None


def document_ref(question: str) -> str | None:
    """A document id like doc-00012 (or doc-00136@example.com for an e-mail) named in the question."""
    m = _DOC_ID.search(norm(question))
    return m.group(0) if m else None


def tier_ref(question: str) -> str | None:
    """The account tier A-D the question filters on ("A-tier", "tier B", "A类客户")."""
    text = norm(question)
    for pattern in _TIER:
        if m := pattern.search(text):
            return m.group(1).upper()
    return None


def days_ref(question: str) -> int | None:
    """A number of days the question names ("in 30 days", "30天内")."""
    m = _DAYS.search(norm(question))
    return int(m.group(1)) if m else None


_QUOTED = re.compile(r"[\"“”「『]([^\"“”「」『』]{2,})[\"“”」』]")


def quoted(question: str) -> str | None:
    """A phrase the question puts in quotation marks ("...", “...”, 「...」), searched as written."""
    m = _QUOTED.search(norm(question))
    return m.group(1).strip() if m else None


def kind_ref(question: str) -> str | None:
    """The document kind the question restricts to: email or meeting_note (None when both or neither).
    Words inside quotation marks are search terms, not the kind."""
    text = _QUOTED.sub(" ", norm(question))
    email, note = bool(_KIND_EMAIL.search(text)), bool(_KIND_NOTE.search(text))
    if email == note:
        return None
    return "email" if email else "meeting_note"


def search_terms(question: str, *, without: str = "") -> str:
    """What to search for: a quoted phrase as written, else the question without the request words,
    period, account and document kind."""
    if phrase := quoted(question):
        return phrase
    text = norm(question)
    if without:
        text = text.replace(norm(without), " ")
    for pattern in _SEARCH_NOISE:
        text = re.sub(pattern, " ", text).strip()
    terms = re.sub(r"^(?:的|了|和)+|(?:的|了|吗|呢)+$", "", _clean(text)).strip()
    return terms if len(terms) >= 2 else _clean(norm(question))
