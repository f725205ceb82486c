"""Meeting notes: ``*.md`` / ``*.txt`` files with a YAML front-matter block (import-format.md).

Problems are reported with the line of the offending field so a person can fix the file; the
YAML is composed first to learn each key's line, then loaded without implicit timestamps so
that a bad date is *our* error on ``occurred_at``, not a crash inside the YAML loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from assistant.crm.documents.parsed import (
    MAX_AUTHOR_LENGTH,
    MAX_SUBJECT_LENGTH,
    ParsedDocument,
    bounded_id,
    detect_language,
    normalise_text,
    to_utc,
)
from assistant.crm.enums import DocumentKind

_FENCE = re.compile(r"^---\s*$")
_END_FENCE = re.compile(r"^(---|\.\.\.)\s*$")
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
_KINDS = sorted(kind.value for kind in DocumentKind)
KNOWN_FIELDS = frozenset(
    {"id", "account_id", "opportunity_id", "kind", "occurred_at", "author", "participants", "subject", "language"}
)


@dataclass(frozen=True)
class NoteProblem:
    """One thing wrong with a note: the 1-based line, the field, and what is wrong."""

    line: int
    field: str
    message: str


class NoteFormatError(ValueError):
    """A note that cannot be imported; ``problems`` lists every field that is wrong."""

    def __init__(self, source: str, problems: list[NoteProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("; ".join(f"{source}:{p.line}: {p.field}: {p.message}" for p in problems))


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text, so dates are validated here with the field's line."""


def _timestamp_as_text(loader: _Loader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def parse_note(path: Path, root: Path | None = None) -> ParsedDocument:
    """Parse a meeting note file; raise :class:`NoteFormatError` naming line and field when it is invalid.

    The id defaults to ``note:<path relative to root>`` (``note:<file name>`` without a root). The
    file must be UTF-8 (a BOM is accepted). ``occurred_at`` may be a date or a date-time; naive
    values are UTC and the result is aware UTC. A missing ``language`` is detected (zh/en).
    """
    relative = path.relative_to(root).as_posix() if root is not None else path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = NoteProblem(line, "encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")
        raise NoteFormatError(str(path), [problem]) from None
    return parse_note_text(text, source=str(path), default_id=bounded_id("note:", relative))


def parse_note_text(text: str, *, source: str, default_id: str) -> ParsedDocument:
    """Parse the text of a note (see :func:`parse_note`); ``source`` names it in errors."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, lines, content, notes = _split(text, source)
    problems: list[NoteProblem] = []

    def line_of(name: str) -> int:
        return lines.get(name, 1)

    def text_field(name: str) -> str | None:
        value = meta.get(name)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            problems.append(NoteProblem(line_of(name), name, "must be a single value, not a list or mapping"))
            return None
        stripped = str(value).strip()
        return stripped or None

    doc_id = text_field("id") or default_id
    kind = text_field("kind") or DocumentKind.MEETING_NOTE.value
    if kind not in _KINDS:
        problems.append(NoteProblem(line_of("kind"), "kind", f"must be one of {', '.join(_KINDS)}, not {kind!r}"))
    occurred_at = _occurred_at(meta.get("occurred_at"), line_of("occurred_at"), problems)
    author = text_field("author")
    if author is not None:
        author = author.lower()
        if not _EMAIL.match(author) or len(author) > MAX_AUTHOR_LENGTH:
            problems.append(NoteProblem(line_of("author"), "author", f"not an e-mail address: {author!r}"))
    participants = _participants(meta.get("participants"), line_of("participants"), problems)
    subject = text_field("subject")
    if subject is not None and len(subject) > MAX_SUBJECT_LENGTH:
        problems.append(NoteProblem(line_of("subject"), "subject", f"longer than {MAX_SUBJECT_LENGTH} characters"))
    language = text_field("language")
    if language is not None and len(language) > 8:
        problems.append(NoteProblem(line_of("language"), "language", f"not a language code: {language!r}"))
    account_id = text_field("account_id")
    opportunity_id = text_field("opportunity_id")
    if len(doc_id) > 200:
        problems.append(NoteProblem(line_of("id"), "id", "longer than 200 characters"))
    if problems:
        raise NoteFormatError(source, sorted(problems, key=lambda p: (p.line, p.field)))

    body = normalise_text(content)
    return ParsedDocument(
        id=doc_id,
        kind=kind,
        body=body,
        original=text,
        source=source,
        account_id=account_id,
        opportunity_id=opportunity_id,
        author=author,
        participants=participants,
        occurred_at=occurred_at,
        subject=subject,
        language=language.lower() if language else detect_language(f"{subject or ''}\n{body}"),
        notes=notes,
        field_lines=lines,
    )


def _split(text: str, source: str) -> tuple[dict[str, Any], dict[str, int], str, list[str]]:
    """Front-matter mapping, each key's file line, the content after the block, and remarks."""
    all_lines = text.split("\n")
    if not all_lines or not _FENCE.match(all_lines[0]):
        return {}, {}, text, ["no front-matter block"]
    end = next((i for i in range(1, len(all_lines)) if _END_FENCE.match(all_lines[i])), None)
    if end is None:
        raise NoteFormatError(source, [NoteProblem(1, "front matter", "no closing '---' line")])
    block = "\n".join(all_lines[1:end])
    content = "\n".join(all_lines[end + 1 :])
    try:
        node = yaml.compose(block, Loader=_Loader)
        data = yaml.load(block, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise NoteFormatError(source, [NoteProblem(line, "front matter", f"invalid YAML: {reason}")]) from None
    if data is None:
        return {}, {}, content, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise NoteFormatError(source, [NoteProblem(2, "front matter", "must be a mapping of field: value")])
    lines = {str(key.value): key.start_mark.line + 2 for key, _ in node.value}
    meta = {str(key): value for key, value in data.items()}
    notes = [f"unknown front-matter field ignored: {name}" for name in sorted(meta) if name not in KNOWN_FIELDS]
    return meta, lines, content, notes


def _occurred_at(value: Any, line: int, problems: list[NoteProblem]) -> datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return to_utc(datetime.fromisoformat(str(value).strip()))
    except ValueError:
        problems.append(NoteProblem(line, "occurred_at", f"not an ISO 8601 date or date-time: {value!r}"))
        return None


def _participants(value: Any, line: int, problems: list[NoteProblem]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items: list[Any] = re.split(r"[;,]", value)
    elif isinstance(value, list):
        items = value
    else:
        problems.append(NoteProblem(line, "participants", "must be a list of names or e-mail addresses"))
        return []
    out: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)):
            problems.append(NoteProblem(line, "participants", "each participant must be a name or an e-mail address"))
            return []
        name = str(item).strip()
        if _EMAIL.match(name):
            name = name.lower()
        if name and name not in out:
            out.append(name)
    return out
