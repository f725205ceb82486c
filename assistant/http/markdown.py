"""Markdown for results that have no rendering of their own (briefings, drafts)."""

from __future__ import annotations

from typing import Any

from assistant.http.optional import as_json


def _own(result: Any) -> str | None:
    for name in ("markdown", "to_markdown", "render_markdown"):
        found = getattr(result, name, None)
        if isinstance(found, str):
            return found
        if callable(found):
            text = found()
            if isinstance(text, str):
                return text
    return None


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        # Amounts read as 1,200,000 rather than 1.2e+06; other fractions keep two decimals.
        return f"{int(value):,}" if value.is_integer() else f"{value:,.2f}"
    return str(value).replace("\n", " ")


def _lines(value: Any, depth: int) -> list[str]:
    pad = "  " * depth
    if isinstance(value, dict):
        out: list[str] = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                out.append(f"{pad}- **{key}**:")
                out += _lines(item, depth + 1)
            else:
                out.append(f"{pad}- **{key}**: {_scalar(item if item not in ({}, []) else None)}")
        return out
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, dict | list):
                nested = _lines(item, depth + 1)
                out.append(f"{pad}-" + (nested[0].lstrip()[1:] if nested else " —"))
                out += nested[1:]
            else:
                out.append(f"{pad}- {_scalar(item)}")
        return out
    return [f"{pad}{_scalar(value)}"]


def briefing_markdown(result: Any) -> str:
    """The result's own Markdown, else a heading per section with nested bullet lists."""
    own = _own(result)
    if own is not None:
        return own
    data = as_json(result)
    if not isinstance(data, dict):
        return "\n".join(_lines(data, 0)) + "\n"
    title = data.get("account_name") or data.get("title") or data.get("account_id") or "Briefing"
    parts = [f"# {title}", ""]
    for key, value in data.items():
        if key in {"evidence", "thresholds"}:
            continue
        if isinstance(value, dict | list):
            parts += [f"## {key.replace('_', ' ').capitalize()}", "", *(_lines(value, 0) or ["—"]), ""]
        else:
            parts.append(f"- **{key}**: {_scalar(value)}")
    return "\n".join(parts).rstrip() + "\n"
