"""Text handling for the sentiment review: normalising, sentence splitting, tokens, language.

Chinese and English are handled in one pass so mixed-language sentences (这个 proposal 客户很认可)
work: every CJK character is one token, every Latin word is one token, and clause punctuation is a
boundary token. Lexicon terms are sequences of these tokens, so 价格太高 and "too expensive" are
matched by the same longest-match code.
"""

from __future__ import annotations

import re
import unicodedata

BOUNDARY = ","

# NFKC turns full-width ？！；：，（） into their ASCII forms, so only 。 and 、 need listing.
_SENTENCE_END = re.compile(r"[。!?;\n]+|(?<=[a-zA-Z0-9)\"'])\.+(?=\s|$|[\u4e00-\u9fff])")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "mr", "mrs", "ms", "dr", "etc", "inc", "ltd", "co", "approx"})
_TOKEN = re.compile(
    r"(?P<neg>[a-z]*)n['’]t\b"
    r"|(?P<word>[a-z0-9]+)(?:['’]s\b)?"
    r"|(?P<cjk>[\u3400-\u4dbf\u4e00-\u9fff])"
    r"|(?P<punct>[,、:()\[\]—–\"“”]|\s-\s)"
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[a-zA-Z]+")


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), unify apostrophes, lower-case Latin letters."""
    return unicodedata.normalize("NFKC", text).replace("’", "'").lower()


def split_sentences(text: str) -> list[str]:
    """Split on Chinese 。！？；, line breaks, and English . ! ? (not after e.g., vs., Mr., decimals).

    Returns the original (not normalised) sentence texts, stripped, without empty ones.
    """
    normal = unicodedata.normalize("NFKC", text)
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(normal):
        end = match.end()
        if match.group().startswith(".") and _is_abbreviation(normal[start : match.start()]):
            continue
        sentences.append(normal[start:end])
        start = end
    sentences.append(normal[start:])
    return [s.strip() for s in sentences if s.strip() and _has_content(s)]


def _is_abbreviation(before: str) -> bool:
    words = before.rsplit(None, 1)
    return bool(words) and words[-1].lower().rstrip(".") in _ABBREVIATIONS


def _has_content(sentence: str) -> bool:
    return bool(_CJK.search(sentence) or re.search(r"[A-Za-z0-9]", sentence))


def tokenize(sentence: str) -> list[str]:
    """Tokens of one sentence: Latin words, single CJK characters, ``BOUNDARY`` for clause punctuation.

    ``isn't`` gives ``is`` and ``n't``; a possessive ``'s`` is dropped; hyphenated words split.
    """
    tokens: list[str] = []
    for match in _TOKEN.finditer(normalise(sentence)):
        if match.group("neg") is not None:
            tokens.extend((match.group("neg"), "n't") if match.group("neg") else ("n't",))
        elif match.group("word") is not None:
            tokens.append(match.group("word"))
        elif match.group("cjk") is not None:
            tokens.append(match.group("cjk"))
        elif tokens and tokens[-1] != BOUNDARY:
            tokens.append(BOUNDARY)
    return tokens


def is_question(sentence: str) -> bool:
    """Whether the sentence ends with a question mark (full- or half-width)."""
    return unicodedata.normalize("NFKC", sentence).rstrip().endswith("?")


def detect_language(text: str) -> str:
    """``zh``, ``en`` or ``mixed`` from the share of CJK characters and Latin words; ``unknown`` if neither.

    A Latin word counts as two characters, about the length of a Chinese word.
    """
    cjk = len(_CJK.findall(text))
    latin = 2 * len(_LATIN_WORD.findall(text))
    if cjk + latin == 0:
        return "unknown"
    share = latin / (cjk + latin)
    if share < 0.15:
        return "zh"
    if share > 0.85:
        return "en"
    return "mixed"
