"""The bilingual sentiment lexicon (data files in this package) and longest-match term finding.

``lexicon_zh.tsv`` and ``lexicon_en.tsv`` hold sentiment terms and topic keywords with a weight in
-3..3 and categories; ``modifiers.tsv`` holds negators, intensifiers, contrast words and the like.
A malformed row fails loudly with the file name and line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, cast, get_args

from index.sentiment.text import BOUNDARY, tokenize

TOPICS = ("price", "budget", "competitor", "delivery", "quality", "timeline", "relationship")
CATEGORIES = frozenset({*TOPICS, "commitment", "rejection", "hesitation", "resolution", "general"})
LEXICON_FILES = ("lexicon_zh.tsv", "lexicon_en.tsv")
MODIFIER_FILE = "modifiers.tsv"
MAX_WEIGHT = 3.0
_MIN_STEM = 3

Kind = Literal[
    "term",
    "negator",
    "intensifier",
    "diminisher",
    "contrast",
    "concession",
    "despite",
    "conditional",
    "question",
    "pending",
    "boundary",
    "self",
    "plain",
]
MODIFIER_KINDS = frozenset(get_args(Kind)) - {"term"}


class LexiconError(ValueError):
    """A lexicon file has a malformed row."""


@dataclass(frozen=True)
class Entry:
    """One vocabulary item: a sentiment term / topic keyword (kind ``term``) or a modifier."""

    term: str
    kind: Kind
    weight: float = 0.0
    categories: tuple[str, ...] = ()
    factor: float = 1.0

    @property
    def topics(self) -> tuple[str, ...]:
        """The topics (of :data:`TOPICS`) this term signals."""
        return tuple(c for c in self.categories if c in TOPICS)


@dataclass(frozen=True)
class Unit:
    """A matched stretch of a sentence: a vocabulary entry, an unknown token, or a clause boundary."""

    text: str
    entry: Entry | None = None

    @property
    def boundary(self) -> bool:
        """Whether this unit is clause punctuation."""
        return self.text == BOUNDARY

    def is_kind(self, *kinds: str) -> bool:
        """Whether this unit is a vocabulary entry of one of ``kinds``."""
        return self.entry is not None and self.entry.kind in kinds

    @property
    def sentiment(self) -> float:
        """The term's weight (0 for anything that is not a sentiment term)."""
        return self.entry.weight if self.entry is not None and self.entry.kind == "term" else 0.0


class Vocabulary:
    """Every term and modifier keyed by its token sequence; ``*`` ends a prefix (stem) term."""

    def __init__(self, entries: list[tuple[Entry, str]]) -> None:
        self._exact: dict[tuple[str, ...], Entry] = {}
        self._stems: dict[tuple[tuple[str, ...], str], Entry] = {}
        self._longest = 1
        for entry, where in entries:
            stem = entry.term.endswith("*")
            tokens = tuple(tokenize(entry.term.rstrip("*")))
            if not tokens or BOUNDARY in tokens or (stem and len(tokens[-1]) < _MIN_STEM):
                raise LexiconError(f"{where}: term {entry.term!r} is empty, has punctuation or a stem under 3 letters")
            key = (tokens[:-1], tokens[-1])
            if (stem and key in self._stems) or (not stem and tokens in self._exact):
                raise LexiconError(f"{where}: term {entry.term!r} is listed twice")
            if stem:
                self._stems[key] = entry
            else:
                self._exact[tokens] = entry
            self._longest = max(self._longest, len(tokens))

    def _lookup(self, window: list[str]) -> Entry | None:
        exact = self._exact.get(tuple(window))
        if exact is not None or not self._stems:
            return exact
        head, last = tuple(window[:-1]), window[-1]
        for cut in range(len(last), _MIN_STEM - 1, -1):
            entry = self._stems.get((head, last[:cut]))
            if entry is not None:
                return entry
        return None

    def match(self, tokens: list[str]) -> list[Unit]:
        """Greedy longest match, left to right; unknown tokens become plain units."""
        units: list[Unit] = []
        i = 0
        while i < len(tokens):
            if tokens[i] == BOUNDARY:
                units.append(Unit(BOUNDARY))
                i += 1
                continue
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                window = tokens[i : i + size]
                if BOUNDARY in window:
                    continue
                entry = self._lookup(window)
                if entry is not None:
                    units.append(Unit(_join(window), entry))
                    i += size
                    break
            else:
                units.append(Unit(tokens[i]))
                i += 1
        return units


def _join(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and token.isascii() and out[-1].isascii() and token != "n't":
            out += " "
        out += token
    return out


def _rows(name: str, text: str) -> list[tuple[str, list[str]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((f"{name}:{number}", [cell.strip() for cell in line.split("\t")]))
    return rows


def _term_entry(where: str, cells: list[str]) -> Entry:
    if len(cells) != 3:
        raise LexiconError(f"{where}: expected 3 tab-separated columns (term, weight, categories), got {len(cells)}")
    term, raw_weight, raw_categories = cells
    try:
        weight = float(raw_weight)
    except ValueError:
        raise LexiconError(f"{where}: weight {raw_weight!r} is not a number") from None
    if not -MAX_WEIGHT <= weight <= MAX_WEIGHT:
        raise LexiconError(f"{where}: weight {weight} is outside -3..3")
    categories = tuple(c.strip() for c in raw_categories.split(",") if c.strip())
    unknown = [c for c in categories if c not in CATEGORIES]
    if not categories or unknown:
        raise LexiconError(f"{where}: categories {raw_categories!r} must be from {sorted(CATEGORIES)}")
    return Entry(term=term, kind="term", weight=weight, categories=categories)


def _modifier_entry(where: str, cells: list[str]) -> Entry:
    if len(cells) not in (2, 3):
        raise LexiconError(f"{where}: expected term, kind and an optional factor, got {len(cells)} columns")
    term, kind = cells[0], cells[1]
    if kind not in MODIFIER_KINDS:
        raise LexiconError(f"{where}: kind {kind!r} must be one of {sorted(MODIFIER_KINDS)}")
    scaled = kind in ("intensifier", "diminisher")
    if scaled != (len(cells) == 3):
        raise LexiconError(f"{where}: a factor is required for intensifiers and diminishers and only for them")
    factor = 1.0
    if scaled:
        try:
            factor = float(cells[2])
        except ValueError:
            raise LexiconError(f"{where}: factor {cells[2]!r} is not a number") from None
        if (kind == "intensifier" and not 1 < factor <= 3) or (kind == "diminisher" and not 0 < factor < 1):
            raise LexiconError(f"{where}: factor {factor} out of range for a {kind}")
    return Entry(term=term, kind=cast(Kind, kind), factor=factor)


def parse_lexicon(name: str, text: str, *, modifiers: bool = False) -> list[tuple[Entry, str]]:
    """Entries of a lexicon (or, with ``modifiers``, a modifier) file's text, each with ``name:line``.

    Raises LexiconError naming the file and line of the first malformed row.
    """
    parse = _modifier_entry if modifiers else _term_entry
    return [(parse(where, cells), where) for where, cells in _rows(name, text)]


def _packaged(name: str) -> str:
    return resources.files("index.sentiment").joinpath(name).read_text(encoding="utf-8")


@cache
def load_vocabulary() -> Vocabulary:
    """The packaged lexicons and modifiers (read once per process)."""
    entries = [entry for name in LEXICON_FILES for entry in parse_lexicon(name, _packaged(name))]
    entries += parse_lexicon(MODIFIER_FILE, _packaged(MODIFIER_FILE), modifiers=True)
    return Vocabulary(entries)
