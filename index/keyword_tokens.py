"""BM25 tokens of Chinese and English text: jieba words, lowercased English words, negations joined.

Text is tokenised with jieba (search mode, so long Chinese words also yield their parts) and
English words are lowercased with a light plural fold; a short stopword list drops the words
that carry no topic. A Chinese negation (不, 没, 未, 无, 没有 ...) is joined to the word after it:
jieba splits 不满意 into 不 + 满意, and 满意 alone would make a complaint match every compliment.
English negations (not, never, no, didn't ...) are joined, as 不, to the next content word likewise.
The tokens are stored with each chunk at ingestion, so :data:`TOKENIZER_VERSION` is part of every
document's hash (:func:`index.chunking.document_hash`): changing the rules re-tokenises old indexes.
"""

from __future__ import annotations

import logging
import re
import threading

import jieba

_WORD = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]", re.IGNORECASE)
_STOPWORD_TEXT = """
a an and are as at be been being but by can could did do does for from had has have he her his i if in into is it
its me my no not of on or our she so that the their them they this to us was we were what when which who will with
would you your about also than then there these those just more very
的 了 是 在 和 与 及 或 我 你 他 她 它 我们 你们 他们 她们 这 那 这个 那个 就 也 都 而 并 对 把 被 吗 呢 吧 啊
一个 有 没有 还 又 很 会 要 说 让 给 从 到 以及 但 但是 因为 所以 如果 已经 可以 什么 怎么 哪些
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Part of every document's hash (index.chunking.document_hash): a change re-tokenises existing indexes.
TOKENIZER_VERSION = "3"
# Negations that jieba leaves as words of their own; each is joined to the word that follows it, as 不
# (which negation was used does not change what is negated: 没有兑现, 没兑现 and 未兑现 all give 不兑现).
NEGATIONS = frozenset({"不", "没", "未", "无", "没有", "尚未", "从未", "并未", "从没"})
_NEGATION = "不"
# English negations, and the words of a contraction as jieba splits it (didn't -> didn ' t): each
# negates the next content word, skipping the fillers between (not been, never really, no further).
ENGLISH_NEGATIONS = frozenset({"not", "no", "never", "cannot", "without", "nor"})
_CONTRACTED = frozenset(
    {
        "don",
        "doesn",
        "didn",
        "isn",
        "aren",
        "wasn",
        "weren",
        "hasn",
        "haven",
        "hadn",
        "won",
        "wouldn",
        "can",
        "couldn",
        "shouldn",
        "mustn",
        "ain",
    }
)
_APOSTROPHES = frozenset({"'", "\u2019"})
_FILLERS = frozenset(
    {
        "yet",
        "been",
        "be",
        "really",
        "very",
        "so",
        "quite",
        "any",
        "the",
        "a",
        "an",
        "at",
        "all",
        "too",
        "further",
        "even",
        "ever",
        "much",
        "fully",
        "always",
    }
)
_jieba_lock = threading.Lock()
_jieba_ready = False


def _ensure_jieba() -> None:
    global _jieba_ready
    with _jieba_lock:
        if not _jieba_ready:
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba_ready = True


def _fold(token: str) -> str:
    if not token.isascii() or len(token) <= 3 or not token.isalpha():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """BM25 tokens of ``text``: jieba words (search mode) and lowercased English words, no stopwords.

    A negation is joined, as 不, to each word that starts right after it (不 + 满意 -> 不满意,
    没有 + 兑现 -> 不兑现); the negation and the word as written also yield their dictionary parts
    that keep the negation (不满), as search mode does for long words. The bare negated word is
    not emitted. English negations do the same to the next content word (not happy -> 不happy,
    didn't show up -> 不show up, never really met -> 不met), so "not happy" never matches "happy".
    """
    _ensure_jieba()
    tokens = []
    for raw in _english_negation_joined(_negation_joined(text)):
        token = raw.strip().lower()
        if token and _WORD.search(token) and token not in STOPWORDS:
            tokens.append(_fold(token))
    return tokens


def _english_negation_joined(words: list[str]) -> list[str]:
    """``words`` with each English negation (or contraction) dropped and joined to the next content word."""
    out: list[str] = []
    negated = False
    i = 0
    while i < len(words):
        word, low = words[i], words[i].lower()
        contraction = low in _CONTRACTED and words[i + 1 : i + 2] and words[i + 1] in _APOSTROPHES
        if contraction and words[i + 2 : i + 3] and words[i + 2].lower() == "t":
            negated, i = True, i + 3
            continue
        i += 1
        if low in ENGLISH_NEGATIONS:
            negated = True
            continue
        if negated and word.strip() and low not in _FILLERS:
            # An English word is negated; anything else (punctuation, a number, Chinese) ends the negation.
            negated = False
            if word.isascii() and word.isalpha():
                out.append(_NEGATION + _fold(low))
                continue
        out.append(word)
    return out


def _negation_joined(text: str) -> list[str]:
    """jieba's search-mode words of ``text`` with each negation joined to the words right after it."""
    words = list(jieba.tokenize(text, mode="search"))
    starts = {start for _, start, _ in words}
    negation_ending_at = {end: word for word, _, end in words if word in NEGATIONS and end in starts}
    out: list[str] = []
    for word, start, end in words:
        if word in NEGATIONS and end in starts:
            continue  # emitted joined to what follows
        negation = negation_ending_at.get(start)
        if negation is None:
            out.append(word)
        else:
            out.extend(_negated_parts(negation + word, len(negation)))
            out.append(_NEGATION + word)
    return out


def _negated_parts(joined: str, negation_length: int) -> list[str]:
    """Dictionary words that begin ``joined`` with its negation, shorter than ``joined`` itself."""
    frequencies = jieba.dt.FREQ
    return [joined[:end] for end in range(max(negation_length + 1, 2), len(joined)) if frequencies.get(joined[:end])]
