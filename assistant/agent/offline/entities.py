"""What the offline model reads out of a question: language, account, period, decision role, pronouns.

Accounts are matched only against the catalog of names the user may see (built by the agent from
the runtime context with the access rule applied), so entity matching can never reveal or reach
an account the user cannot see. An unclear match is reported as ambiguous, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# Longest first; Latin suffixes keep their leading space so "Visa" never loses "sa".
_LEGAL_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司",
    " co., ltd", " co.,ltd", " co. ltd", " co ltd", " corporation", " limited", " gmbh", " group",
    " corp", " ltd", " inc", " llc", " plc",
)  # fmt: skip
FUZZY_CUTOFF = 90


def norm(text: str) -> str:
    """Case- and width-insensitive form for matching."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def core_name(name: str) -> str:
    """``name`` without its legal suffixes (有限公司, Co., Ltd., Inc., ...), normalised."""
    out = norm(name).rstrip(" .,")
    changed = True
    while changed:
        changed = False
        for suffix in _LEGAL_SUFFIXES:
            if out.endswith(suffix) and len(out) - len(suffix) >= 2:
                out = out[: -len(suffix)].rstrip(" .,")
                changed = True
    return out


def language(text: str, hint: str | None = None) -> str:
    """The language of ``text``: zh when mostly Chinese (two CJK characters outweigh one Latin word), else en."""
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    if cjk == 0 and words == 0:
        return hint or "en"
    return "zh" if cjk >= 2 * words and cjk > 0 else "en"


@dataclass(frozen=True)
class CatalogEntry:
    """A visible account and the names it goes by."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class AccountMatch:
    """The outcome of looking for an account in a question."""

    ids: list[str] = field(default_factory=list)
    span: str = ""  # the text that matched (removed before detecting the language)

    @property
    def unique(self) -> str | None:
        """The one account matched, if exactly one."""
        return self.ids[0] if len(self.ids) == 1 else None


def find_account(text: str, catalog: Sequence[CatalogEntry]) -> AccountMatch:
    """The account(s) ``text`` names: by id, by name/alias contained in it, then by fuzzy match."""
    wanted = norm(text)
    for entry in catalog:
        # ASCII boundaries: in "acc-0024的客户树" the id is followed by a CJK letter.
        if re.search(rf"(?<![a-z0-9_-]){re.escape(norm(entry.id))}(?![a-z0-9_-])", wanted):
            return AccountMatch([entry.id], entry.id)
    hits: dict[str, tuple[int, str]] = {}
    for entry in catalog:
        for name in (entry.name, *entry.aliases):
            for form in {norm(name), core_name(name)}:
                if len(form) >= 2 and _contains(wanted, form) and len(form) > hits.get(entry.id, (0, ""))[0]:
                    hits[entry.id] = (len(form), form)
    if hits:
        best = max(length for length, _ in hits.values())
        ids = sorted(i for i, (length, _) in hits.items() if length == best)
        return AccountMatch(ids, hits[ids[0]][1])
    scored: dict[str, tuple[float, str]] = {}
    for entry in catalog:
        for name in (entry.name, *entry.aliases):
            form = core_name(name)
            if len(form) < 6:  # short names match too much by accident ("acme" in "acmeland")
                continue
            alignment = fuzz.partial_ratio_alignment(form, wanted, score_cutoff=FUZZY_CUTOFF)
            if alignment is not None and alignment.score > scored.get(entry.id, (0.0, ""))[0]:
                scored[entry.id] = (alignment.score, wanted[alignment.dest_start : alignment.dest_end])
    if scored:
        top = max(score for score, _ in scored.values())
        ids = sorted(i for i, (score, _) in scored.items() if score == top)
        return AccountMatch(ids, scored[ids[0]][1])
    return _shared_chinese(wanted, catalog)


#: Shortest run of Chinese characters shared with a name that counts as naming it ("金达汽车").
MIN_SHARED_CJK = 4


def _shared_chinese(wanted: str, catalog: Sequence[CatalogEntry]) -> AccountMatch:
    """The account whose Chinese name shares the longest run (>= 4 characters) with the question,
    when exactly one does: people shorten "上海金达汽车零部件有限公司" to "金达汽车"."""
    best: dict[str, str] = {}
    for entry in catalog:
        for name in (entry.name, *entry.aliases):
            form = core_name(name)
            if not _CJK.search(form):
                continue
            run = _longest_common_run(form, wanted)
            if len(run) >= MIN_SHARED_CJK and len(run) > len(best.get(entry.id, "")):
                best[entry.id] = run
    if not best:
        return AccountMatch()
    top = max(len(run) for run in best.values())
    ids = sorted(i for i, run in best.items() if len(run) == top)
    # A run several names share is an industry word ("汽车零部件", "精密制造"), not a name.
    return AccountMatch(ids, best[ids[0]]) if len(ids) == 1 else AccountMatch()


def _longest_common_run(name: str, text: str) -> str:
    """The longest run of CJK characters of ``name`` that also occurs in ``text``."""
    longest = ""
    for start in range(len(name)):
        end = start + len(longest) + 1
        while end <= len(name) and _CJK.fullmatch(name[end - 1]) and name[start:end] in text:
            longest = name[start:end]
            end += 1
    return longest if all(_CJK.fullmatch(c) for c in longest) else ""


def _contains(text: str, form: str) -> bool:
    if _CJK.search(form):
        return form in text
    return re.search(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", text) is not None


_PRONOUNS_EN = re.compile(
    r"\b(it|its|they|them|their|this (account|customer|client|company)|that (account|customer|client|company)"
    r"|the same (account|customer|client|company)|what about|how about|and the)\b",
    re.IGNORECASE,
)
_PRONOUNS_ZH = re.compile(
    r"它们|(?<!其)它|他们|她们|他家|这家|那家|该客户|这个客户|该公司|这个公司|这家公司|同一家|呢[?？]?\s*$"
)


def refers_back(text: str) -> bool:
    """Whether the question points at the account of the previous turn ("it", "它们", "这家"...)."""
    return bool(_PRONOUNS_EN.search(text) or _PRONOUNS_ZH.search(text))


ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "decision_maker": ("decision maker", "decision-maker", "decider", "决策人", "决策者", "拍板", "一把手"),
    "financial": ("financial", "finance", "budget", "cfo", "财务", "预算", "资金"),
    "technical": ("technical", "technology", "cto", "engineer", "技术"),
    "user": ("end user", "user lead", "使用者", "使用部门", "用户"),
    "influencer": ("influencer", "影响者", "影响人"),
    "coach": ("coach", "champion", "教练", "内线", "支持者"),
    "gatekeeper": ("gatekeeper", "把关", "守门"),
}


def find_role(text: str) -> str | None:
    """The decision role a question asks about (first listed wins on ties), if any."""
    wanted = norm(text)
    for role, words in ROLE_WORDS.items():
        if any(w in wanted for w in words):
            return role
    return None


@dataclass(frozen=True)
class Period:
    """A closed date range a question refers to."""

    start: date
    end: date
    label: str


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _month_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def find_period(text: str, as_of: date) -> Period | None:
    """The period a question names, relative to ``as_of``: last month, this quarter, last 30 days..."""
    t = norm(text)
    if m := re.search(r"(?:最近|过去|近)\s*(\d+)\s*(天|日)|(?:last|past)\s+(\d+)\s+days?", t):
        n = int(m.group(1) or m.group(3))
        return Period(as_of - timedelta(days=n - 1), as_of, f"last {n} days")
    if m := re.search(r"(?:最近|过去|近)\s*(\d+)\s*个?月|(?:last|past)\s+(\d+)\s+months?", t):
        n = int(m.group(1) or m.group(2))
        return Period(_month_back(as_of, n) + timedelta(days=1), as_of, f"last {n} months")
    if re.search(r"上个?月|last month|previous month", t):
        first = as_of.replace(day=1)
        end = first - timedelta(days=1)
        return Period(end.replace(day=1), end, "last month")
    if re.search(r"本月|这个月|this month", t):
        return Period(as_of.replace(day=1), as_of, "this month")
    if re.search(r"上个?季度|last quarter|previous quarter", t):
        end = _quarter_start(as_of) - timedelta(days=1)
        return Period(_quarter_start(end), end, "last quarter")
    if re.search(r"本季度?|这个?季度|this quarter", t):
        return Period(_quarter_start(as_of), as_of, "this quarter")
    if re.search(r"去年|last year", t):
        return Period(date(as_of.year - 1, 1, 1), date(as_of.year - 1, 12, 31), "last year")
    if re.search(r"今年|本年|this year", t):
        return Period(date(as_of.year, 1, 1), as_of, "this year")
    return None
