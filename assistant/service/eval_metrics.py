"""What the agent evaluation measures in one answer: the numbers it states, whether each is grounded in
the turn's tool results, whether the expected facts are stated, and whether it is a refusal.

Numbers (:func:`extract`): Arabic digits after NFKC (full-width digits and punctuation count),
with thousands separators ("1,189,900"), decimals and a sign, a "%" (a percentage), and the
Chinese units 万 (x 10^4) and 亿 (x 10^8) ("12.5万" is 125000). Not numbers: record ids
(acc-0001, opp-000234, drf-2f2e...), e-mail addresses, digits glued to letters ("C139", "Q3",
"4G"), the scale of a score ("/100", "/5"). Dates are their own tokens, compared as dates:
2026-11-23, 2026-11, 2026年11月23日, 2026年11月, 23 November 2026 / November 23, 2026, and clock
times 14:15.

Grounded (:func:`grounded`): a number is grounded when some source number rounds to it at the
precision it is written with (63.5 from 63.456), or, for a percentage, when a source fraction does
(65% from 0.65). Sources are every number and date in the turn's tool results (also inside their
texts), the size of every list in them, the tool-call arguments and the question itself.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), start=1)}  # fmt: skip
_MONTH_RE = "|".join(_MONTHS)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_RECORD_ID = re.compile(r"(?<![\w-])[a-z]{2,6}-[0-9a-f]*\d[0-9a-f]*(?![\w-])", re.IGNORECASE)
_DATES = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})[日号]"), (1, 2, 3)),
    (re.compile(rf"(?<!\d)(\d{{1,2}}) ({_MONTH_RE}),? (\d{{4}})(?!\d)", re.IGNORECASE), (3, 2, 1)),
    (re.compile(rf"\b({_MONTH_RE}) (\d{{1,2}}),? (\d{{4}})(?!\d)", re.IGNORECASE), (3, 1, 2)),
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月"), (1, 2, 0)),
    (re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})(?![\d-])"), (1, 2, 0)),
    (re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::\d{2})?(?!\d)"), (0, 1, 2)),
)
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(?P<sign>[-−+])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?![A-Za-z_]|\.\d|,\d{3})\s*(?P<unit>%|万|亿)?"
)
_SCALE = re.compile(r"/\s*(?:100|10|5)(?![\d.])")  # "53.16/100", "influence 4/5": a scale, not a value
_UNITS = {"万": 10_000.0, "亿": 100_000_000.0}


@dataclass(frozen=True)
class Number:
    """A number as written: its value, decimals shown and whether it was a percentage."""

    value: float
    decimals: int
    percent: bool = False
    text: str = ""


@dataclass
class Tokens:
    """The numbers and dates found in a text."""

    numbers: list[Number] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def _date_key(parts: tuple[str, str, str], pattern_index: int) -> str:
    year, month, day = parts
    if pattern_index == 6:  # a clock time
        return f"T{int(month):02d}:{int(day):02d}"
    month_number = _MONTHS.get(month.lower()) if not month.isdigit() else int(month)
    if not day:
        return f"{int(year):04d}-{month_number:02d}"
    return f"{int(year):04d}-{month_number:02d}-{int(day):02d}"


def extract(text: str) -> Tokens:
    """The numbers and dates written in ``text`` (see the module doc for what counts)."""
    found = Tokens()
    text = unicodedata.normalize("NFKC", text)
    text = _EMAIL.sub(" ", text)
    text = _RECORD_ID.sub(" ", text)
    text = _SCALE.sub(" ", text)
    for index, (pattern, order) in enumerate(_DATES):

        def keep(m: re.Match[str], index: int = index, order: tuple[int, int, int] = order) -> str:
            parts = tuple(m.group(i) if i else "" for i in order)
            found.dates.append(_date_key(parts, index))  # type: ignore[arg-type]
            return " "

        text = pattern.sub(keep, text)
    for m in _NUMBER.finditer(text):
        digits = m.group("int").replace(",", "")
        frac = m.group("frac") or ""
        value = float(f"{digits}.{frac}" if frac else digits)
        if m.group("sign") in ("-", "−"):
            value = -value
        unit = m.group("unit")
        if unit in _UNITS:
            value *= _UNITS[unit]
        decimals = 0 if unit in _UNITS else len(frac)
        found.numbers.append(Number(value, decimals, unit == "%", m.group(0).strip()))
    return found


def _walk(node: Any, into: Tokens) -> None:
    if isinstance(node, bool) or node is None:
        return
    if isinstance(node, int | float):
        into.numbers.append(Number(float(node), 12))
    elif isinstance(node, str):
        tokens = extract(node)
        into.numbers += tokens.numbers
        into.dates += tokens.dates
    elif isinstance(node, list):
        into.numbers.append(Number(float(len(node)), 0))
        for item in node:
            _walk(item, into)
    elif isinstance(node, dict):
        for value in node.values():
            _walk(value, into)


def sources(tool_contents: list[str], tool_args: list[dict[str, Any]], question: str) -> Tokens:
    """Every number and date an answer may state: from the tool results (JSON), arguments and question."""
    found = Tokens()
    for content in tool_contents:
        try:
            _walk(json.loads(content), found)
        except ValueError:
            _walk(content, found)
    for args in tool_args:
        _walk(args, found)
    _walk(question, found)
    return found


def _matches(number: Number, source: float) -> bool:
    tolerance = 0.5 * 10 ** (-number.decimals) + 1e-9
    if abs(source - number.value) <= tolerance:
        return True
    return number.percent and abs(source * 100 - number.value) <= tolerance


def grounded(answer: str, known: Tokens) -> list[str]:
    """The numbers and dates of ``answer`` that no source supports (empty: the answer is grounded)."""
    tokens = extract(answer)
    values = [n.value for n in known.numbers]
    dates = set(known.dates)
    missing = [n.text for n in tokens.numbers if not any(_matches(n, v) for v in values)]
    missing += [d for d in tokens.dates if d not in dates]
    return missing


def normalise(text: str) -> str:
    """Case-, width- and space-insensitive text with thousands separators removed from numbers."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    return re.sub(r"\s+", " ", text).strip()


_PURE_NUMBER = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?%?$")


def states(answer: str, fact: str) -> bool:
    """Whether ``answer`` states ``fact``. A number fact is stated when the answer writes it, possibly
    rounded to fewer decimals (76.94 as 76.9 or 77; a value under 10 keeps all its decimals); any
    other fact is looked for as normalised text."""
    fact = fact.strip()
    if _PURE_NUMBER.match(fact):
        wanted = extract(fact).numbers
        if len(wanted) == 1:
            target = wanted[0]
            for n in extract(answer).numbers:
                if n.decimals < target.decimals and abs(target.value) < 10:
                    continue
                if abs(round(target.value, min(n.decimals, target.decimals)) - n.value) <= 1e-9:
                    return True
            return False
    return normalise(fact) in normalise(answer)
