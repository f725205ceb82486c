"""Turning e-mail bytes into text whatever charset they claim, without ever crashing.

Chinese mail is often labelled ``gb2312`` while using GBK or GB18030 characters (镕, 堃), and
``big5`` while using Microsoft or HKSCS extensions, so declared charsets are decoded with their
superset. Unknown or wrong labels fall back to UTF-8, then to charset-normalizer's guess.
"""

from __future__ import annotations

import codecs
from email.header import Header, decode_header

import charset_normalizer

# Python codec name of a declared label -> the codecs that decode what the label is (mis)used for.
_SUPERSETS: dict[str, tuple[str, ...]] = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "big5hkscs": ("big5hkscs", "cp950"),
    "euc_kr": ("cp949",),
    "shift_jis": ("cp932",),
    "iso8859-1": ("cp1252",),
    "ascii": ("utf-8",),
}
# Labels Python does not know but mailers send.
_ALIASES = {"x-gbk": "gbk", "x-euc-cn": "gb2312", "x-big5": "big5", "unicode-1-1-utf-7": "utf-7"}
# Single-byte charsets under which UTF-8 bytes are often sent by mistake: a strict UTF-8 decode wins.
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-15", "cp1250", "iso8859-2", "koi8-r", "cp1251"})


def codecs_for(charset: str | None) -> tuple[str, ...]:
    """The Python codecs to try, in order, for a declared charset; empty when the label is unknown."""
    if not charset:
        return ()
    label = charset.strip().strip('"').lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ()
    return _SUPERSETS.get(name, (name,))


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, str | None]:
    """Decode ``data`` declared as ``charset``; return the text and a remark when the label was not used.

    Order: the declared charset (as its supersets), strictly; UTF-8, strictly; charset-normalizer's
    best guess; finally the declared charset or UTF-8 with replacement characters. A single-byte
    label on bytes that are valid UTF-8 is taken as a mislabel, since such bytes are rarely
    meaningful Latin text.
    """
    candidates = codecs_for(charset)
    mislabel = f"declared charset {charset} is really utf-8"
    if candidates and candidates[0] in _SINGLE_BYTE and not data.isascii():
        try:
            return data.decode("utf-8"), mislabel
        except UnicodeDecodeError:
            pass
    for codec in candidates:
        try:
            return data.decode(codec), None
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("utf-8"), (mislabel if charset else None)
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best), f"charset {charset or 'unknown'} did not decode; guessed {best.encoding}"
    fallback = candidates[0] if candidates else "utf-8"
    return data.decode(fallback, errors="replace"), f"charset {charset or 'unknown'} did not decode cleanly"


def decode_header_value(value: str | Header | None) -> str:
    """A header's text: RFC 2047 encoded words and raw 8-bit bytes decoded, folding removed."""
    if value is None:
        return ""
    pieces: list[str] = []
    try:
        chunks = decode_header(value)
    except Exception:  # a malformed encoded word: keep the raw text rather than fail the message
        chunks = [(str(value), None)]
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            if charset == "unknown-8bit":
                charset = None
            pieces.append(decode_bytes(chunk, charset)[0])
        else:
            pieces.append(chunk)
    text = "".join(pieces)
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())
