"""Deterministic lexicon scoring of meeting notes and e-mails, Chinese, English or mixed.

Per sentence, every lexicon term found (longest match) adds its weight, changed by what stands
near it:

- a negator a few units before (不/没有/未/并非/not/never/n't/...) flips the weight and dampens it;
- an intensifier or diminisher just before (非常/很/very/extremely, 有点/稍微/slightly) scales it;
- an adoption verb aimed at a competitor (倾向于竞争对手, prefer the competitor) counts against us,
  a rejection aimed at one (dropped the competitor) for us;
- contrast: after 但是/不过/but/however the part after weighs more and the part before less; the
  clause of 虽然/尽管/although/despite weighs less and the rest more. A sentence that opens with a
  contrast word does this with the sentence before it;
- a problem settled by a resolution in its clause (bug 已修复, fixed the bugs) no longer counts,
  unless the resolution is negated or still pending (需要修复, needs to be fixed);
- a question (ends with ? or asks 是否/吗/whether) counts only a fraction, a conditional
  (如果/if) a larger one: neither states a fact.

A sentence scores tanh(sum / scale). A document scores tanh(total / (scale * sqrt(n))), n being the
number of sentences that carry sentiment plus a small share of those that do not, so one strong
sentence in long neutral minutes still shows, and many mild ones add up.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

from index.sentiment.config import DEFAULT_CONFIG, SentimentConfig
from index.sentiment.lexicon import TOPICS, Unit, load_vocabulary
from index.sentiment.results import SentenceScore, SentimentResult, TermHit, TopicCount
from index.sentiment.text import detect_language, is_question, split_sentences, tokenize

_EPSILON = 1e-9
_SCOPE_ENDS = ("contrast", "concession", "despite", "conditional", "boundary")


@dataclass
class SentenceAnalysis:
    """The terms found in one sentence with their contributions, and the topics it mentions."""

    position: int
    text: str
    hits: list[tuple[str, float]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    opens_with_contrast: bool = False

    @property
    def raw(self) -> float:
        """The weighted sum of the sentence's terms."""
        return sum(value for _, value in self.hits)

    def scaled(self, factor: float) -> None:
        """Multiply every contribution by ``factor`` (cross-sentence contrast)."""
        self.hits = [(term, value * factor) for term, value in self.hits]


@dataclass(frozen=True)
class _Context:
    """What stands before a term within its clause: negation, scaling, a pending 'need to'."""

    negated: bool = False
    factor: float = 1.0
    pending: bool = False


def _context(units: list[Unit], i: int, config: SentimentConfig) -> _Context:
    entry = units[i].entry
    commitment = entry is not None and "commitment" in entry.categories
    negated, pending, factor = False, False, 1.0
    for distance in range(1, config.negation_window + 1):
        j = i - distance
        if j < 0 or units[j].boundary or units[j].is_kind(*_SCOPE_ENDS):
            break
        before = units[j].entry
        if before is None:
            continue
        # "hesitant to commit", "犹豫是否签约": the hesitation holds the commitment back.
        if before.kind == "negator" or (commitment and before.weight < 0 and "hesitation" in before.categories):
            negated = not negated
        elif before.kind == "pending":
            pending = True
        elif before.kind in ("intensifier", "diminisher") and distance <= config.modifier_window:
            factor *= before.factor
    return _Context(negated=negated, factor=factor, pending=pending)


def _term_value(units: list[Unit], i: int, config: SentimentConfig) -> float:
    """The term's weight after negators and intensifiers before it, within the same clause."""
    context = _context(units, i, config)
    weight = units[i].sentiment
    entry = units[i].entry
    if context.pending and entry is not None and "resolution" in entry.categories:
        return 0.0  # "需要修复", "needs to be fixed": nothing is resolved yet
    # "not very happy" is mildly negative, so intensifiers do not scale a negated term.
    return -weight * config.negation_factor if context.negated else weight * context.factor


def _resolved(units: list[Unit], config: SentimentConfig) -> set[int]:
    """Positions of problem terms that a resolution in the same clause settles ("bug 已修复", "fixed the bugs")."""
    settled: set[int] = set()
    for r, unit in enumerate(units):
        if unit.entry is None or "resolution" not in unit.entry.categories:
            continue
        context = _context(units, r, config)
        if context.negated or context.pending:
            continue
        for step in (-1, 1):
            for distance in range(1, config.negation_window + 1):
                j = r + step * distance
                if not 0 <= j < len(units) or units[j].boundary or units[j].is_kind(*_SCOPE_ENDS):
                    break
                if units[j].sentiment < 0:
                    settled.add(j)
    return settled


def _aimed_at_competitor(units: list[Unit], i: int, config: SentimentConfig) -> bool:
    """Whether an adoption or rejection verb at ``i`` has a competitor as its object."""
    entry = units[i].entry
    if entry is None or not {"commitment", "rejection"} & set(entry.categories):
        return False
    for j in range(i + 1, min(len(units), i + 1 + config.competitor_window)):
        unit = units[j]
        if unit.boundary or unit.is_kind("self", *_SCOPE_ENDS):
            return False
        if unit.entry is not None and "competitor" in unit.entry.categories:
            return True
    return False


def _region_weights(units: list[Unit], config: SentimentConfig) -> list[float]:
    """Per unit: contrast_before / contrast_after around a contrast, else 1.

    "X but Y" and mid-sentence "X, though Y": X is before, Y after. "Although X, Y" and
    "despite X": the concession clause is before, the rest after.
    """
    weights = [1.0] * len(units)
    first = next((i for i, u in enumerate(units) if not u.boundary), 0)
    buts = [i for i, u in enumerate(units) if u.is_kind("contrast", "concession") and i > first]
    concessions = [i for i, u in enumerate(units) if u.is_kind("despite") or (i == first and u.is_kind("concession"))]
    if buts:
        low = set(range(buts[-1]))
    elif concessions:
        start = concessions[0]
        end = next((j for j in range(start + 1, len(units)) if units[j].boundary), len(units))
        low = set(range(start, end))
    else:
        return weights
    high = set(range(len(units))) - low
    # Contrast only reweighs when both sides carry sentiment.
    if any(units[j].sentiment for j in low) and any(units[j].sentiment for j in high):
        for j in low:
            weights[j] = config.contrast_before
        for j in high:
            weights[j] = config.contrast_after
    return weights


def analyse_sentence(position: int, text: str, config: SentimentConfig = DEFAULT_CONFIG) -> SentenceAnalysis:
    """The sentiment terms of one sentence with their contributions, and its topics."""
    units = load_vocabulary().match(tokenize(text))
    if is_question(text) or any(u.is_kind("question") for u in units):
        mood = config.question_factor
    elif any(u.is_kind("conditional") for u in units):
        mood = config.conditional_factor
    else:
        mood = 1.0
    weights = _region_weights(units, config)
    settled = _resolved(units, config)
    analysis = SentenceAnalysis(position=position, text=text)
    for i, unit in enumerate(units):
        if unit.entry is not None:
            analysis.topics.extend(unit.entry.topics)
        if not unit.sentiment or i in settled:
            continue
        value = _term_value(units, i, config) * weights[i]
        if _aimed_at_competitor(units, i, config):
            value = -value
        if value:
            analysis.hits.append((unit.text, value * mood))
    opener = next((u for u in units if not u.boundary), None)
    analysis.opens_with_contrast = opener is not None and opener.is_kind("contrast")
    return analysis


def analyse_text(text: str, config: SentimentConfig = DEFAULT_CONFIG) -> list[SentenceAnalysis]:
    """Every sentence of ``text`` analysed, with contrast carried across sentence boundaries."""
    sentences = [analyse_sentence(i, s, config) for i, s in enumerate(split_sentences(text))]
    for previous, current in itertools.pairwise(sentences):
        if current.opens_with_contrast and abs(previous.raw) > _EPSILON and abs(current.raw) > _EPSILON:
            previous.scaled(config.contrast_before)
            current.scaled(config.contrast_after)
    return sentences


def sentence_score(raw: float, config: SentimentConfig = DEFAULT_CONFIG) -> float:
    """A sentence's weighted sum squashed into -1..1."""
    return round(math.tanh(raw / config.scale), 4)


def document_score(sentences: list[SentenceAnalysis], config: SentimentConfig = DEFAULT_CONFIG) -> float:
    """The length-normalised score of a whole text, -1..1."""
    carrying = sum(1 for s in sentences if abs(s.raw) > _EPSILON)
    neutral = len(sentences) - carrying
    size = max(1.0, carrying + config.neutral_sentence_weight * neutral)
    total = sum(s.raw for s in sentences)
    return round(math.tanh(total / (config.scale * math.sqrt(size))), 4)


def _topics(sentences: list[SentenceAnalysis], config: SentimentConfig) -> list[TopicCount]:
    counts: dict[str, int] = defaultdict(int)
    scores: dict[str, list[float]] = defaultdict(list)
    for sentence in sentences:
        for topic in sentence.topics:
            counts[topic] += 1
        for topic in sorted(set(sentence.topics)):
            scores[topic].append(sentence_score(sentence.raw, config))
    return sorted(
        (TopicCount(topic=t, count=counts[t], score=round(sum(scores[t]) / len(scores[t]), 4)) for t in counts),
        key=lambda t: (-t.count, TOPICS.index(t.topic)),
    )


def top_sentences(sentences: list[SentenceAnalysis], config: SentimentConfig = DEFAULT_CONFIG) -> list[SentenceScore]:
    """The sentences that carry the score, largest |score| first (ties: earlier first)."""
    carrying = [s for s in sentences if abs(s.raw) > _EPSILON]
    carrying.sort(key=lambda s: (-abs(round(s.raw, 9)), s.position))
    return [
        SentenceScore(
            position=s.position,
            text=s.text,
            score=sentence_score(s.raw, config),
            terms=[TermHit(term=term, contribution=round(value, 4)) for term, value in s.hits],
        )
        for s in carrying[: config.top_sentences]
    ]


def score_text(text: str, language: str | None = None, *, config: SentimentConfig | None = None) -> SentimentResult:
    """Score a meeting note or e-mail: score -1..1, label, the sentences that carry it, topics.

    Both lexicons always apply, since sales notes mix Chinese and English; ``language`` is only
    reported (detected as zh / en / mixed when not given). Same text and config, same result.
    """
    config = config or DEFAULT_CONFIG
    sentences = analyse_text(text, config)
    score = document_score(sentences, config)
    return SentimentResult(
        score=score,
        label=config.label(score),
        language=language or detect_language(text),
        sentence_count=len(sentences),
        sentences=top_sentences(sentences, config),
        topics=_topics(sentences, config),
        thresholds=config.thresholds,
    )
