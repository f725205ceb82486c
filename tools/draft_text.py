"""Deterministic text work for follow-up drafts: sentences of a meeting note, recap and next steps,
the draft's language, and the asks that close C139 gaps phrased to the customer.

Rules:
- Sentences end at 。！？；!?; a line break, or an English full stop (not after e.g., Mr., a decimal).
  List bullets and numbering are dropped; a sentence needs two CJK characters or two Latin words.
  Header lines of a note (时间：, 参会人员：, Date:, Attendees:, ...) are not sentences.
- A next step is a sentence naming one: 下一步, 下周, 下月, 将, 约定, 商定, 同意, 待办, 行动项, agreed,
  next step, will / 'll, action item, follow up, "by <date>". At most ``MAX_NEXT_STEPS``, in order.
- The recap takes up to ``MAX_RECAP`` other sentences with key markers, scored: agreement or
  decision 2, concern, need or budget 2, a date 1, a figure 1; best first, ties by position, then
  shown in the note's order. Without any marked sentence, the note's first sentence.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

MAX_RECAP = 3
MAX_NEXT_STEPS = 5

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_END = re.compile(r"[。！？；!?;]+[”」』\"']?|\n+|(?<=[A-Za-z0-9)\"'”])\.+(?=\s|$|[\u4e00-\u9fff])")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "mr", "mrs", "ms", "dr", "etc", "inc", "ltd", "co", "approx", "no"})
_BULLET = re.compile(r"^\s*(?:[-*•·>]+|\d{1,2}[.)、]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]+、)\s*")

_META = re.compile(
    r"^(?:时间|日期|地点|会议地点|参会人|参会人员|与会人|与会人员|出席人员|主题|会议主题|记录人|主持人|抄送"
    r"|date|time|place|location|venue|attendees|participants|present|notes by|minutes by|subject|topic|cc)\s*[:：]",
    re.IGNORECASE,
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
    "|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_BY_DATE = (
    rf"\bby\s+(?:the\s+)?(?:end\s+of\s+\w+|mid-?\w+|next\s+\w+|{_WEEKDAYS}|{_MONTHS}|tomorrow|eo[dwm]|q[1-4]\b"
    r"|\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?|\d{1,2}(?:st|nd|rd|th)\b)"
)
_NEXT_STEP = re.compile(
    r"下一步|下周|下月|将|约定|商定|同意|待办|行动项"
    r"|\bagreed\b|\bnext\s+steps?\b|\bwill\b|\w'll\b|\baction\s+items?\b|\bfollow[- ]up\b|" + _BY_DATE,
    re.IGNORECASE,
)
_AGREEMENT = re.compile(
    r"确认|认可|达成|一致|决定|批准|签署|agreed|confirm\w*|approv\w*|accept\w*|decid\w*|sign\w*", re.IGNORECASE
)
_CONCERN = re.compile(
    r"顾虑|担心|担忧|问题|关注|要求|需要|希望|预算|价格|成本|风险|"
    r"concern\w*|worr\w*|issue\w*|requir\w*|\bneeds?\b|budget\w*|pric\w*|cost\w*|risk\w*|expect\w*",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\d{{4}}[-/.年]\d{{1,2}}|\d{{1,2}}月\d{{1,2}}[日号]|[周星期][一二三四五六日天]|月底|月初|季度|\bq[1-4]\b|\b(?:{_WEEKDAYS})\b|\b(?:{_MONTHS})\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d")


class NoteSentence(BaseModel):
    """A sentence of the source meeting note and its 0-based position there."""

    position: int
    text: str


def split_note(text: str) -> list[str]:
    """The sentences of a note in order, original wording kept; bullets, numbering and header lines dropped."""
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _abbreviation(text[start : match.start()]):
            continue
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    sentences = []
    for piece in pieces:
        cleaned = _BULLET.sub("", piece.strip()).strip()
        if _META.match(cleaned):
            continue
        if len(_CJK.findall(cleaned)) >= 2 or len(_LATIN_WORD.findall(cleaned)) >= 2:
            sentences.append(cleaned)
    return sentences


def _abbreviation(before: str) -> bool:
    words = before.rsplit(None, 1)
    return bool(words) and words[-1].lower().rstrip(".") in _ABBREVIATIONS


def is_next_step(sentence: str) -> bool:
    """Whether a sentence names an agreed next step, a commitment or a deadline."""
    return _NEXT_STEP.search(sentence) is not None


def key_score(sentence: str) -> int:
    """How much a sentence belongs in a recap: agreement 2, concern/need 2, date 1, figure 1."""
    score = 2 if _AGREEMENT.search(sentence) else 0
    score += 2 if _CONCERN.search(sentence) else 0
    score += 1 if _DATE.search(sentence) else 0
    score += 1 if _FIGURE.search(sentence) else 0
    return score


def recap_and_next_steps(text: str) -> tuple[list[NoteSentence], list[NoteSentence]]:
    """(recap sentences, next-step sentences) of a meeting note, both in the note's order."""
    sentences = [NoteSentence(position=i, text=s) for i, s in enumerate(split_note(text))]
    steps = [s for s in sentences if is_next_step(s.text)][:MAX_NEXT_STEPS]
    taken = {s.position for s in steps}
    others = [s for s in sentences if s.position not in taken]
    marked = sorted((s for s in others if key_score(s.text) > 0), key=lambda s: (-key_score(s.text), s.position))
    recap = marked[:MAX_RECAP] or others[:1]
    return sorted(recap, key=lambda s: s.position), steps
