"""Tool results as compact JSON under a token budget, and the records they cite.

Trimming is deterministic: the longest list is cut to half its items (keeping the first ones,
which tools already order by relevance) until the JSON fits; a long text is shortened only when
no list can be cut further. The result then says ``"truncated": true`` and, under ``"omitted"``,
how many items were dropped where.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

from index.tokens import count_tokens

#: Default token budget of one tool result as the model sees it.
TOOL_TOKEN_BUDGET = 1500
_MIN_TEXT = 40


def dumps(data: Any) -> str:
    """Compact JSON with sorted keys (the form tool results take for the model)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def to_data(result: Any) -> Any:
    """A tool's return value as plain JSON data."""
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    return json.loads(dumps(result))


def _lists(node: Any, path: str, found: list[tuple[str, list[Any]]]) -> None:
    if isinstance(node, list):
        found.append((path, node))
        for i, item in enumerate(node):
            _lists(item, f"{path}[{i}]", found)
    elif isinstance(node, dict):
        for key in sorted(node):
            _lists(node[key], f"{path}.{key}" if path else key, found)


def _texts(node: Any, found: list[tuple[Any, Any, int]]) -> None:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(value, str) and len(value) > _MIN_TEXT:
            found.append((node, key, len(value)))
        else:
            _texts(value, found)


def trim_to_budget(data: Any, budget: int = TOOL_TOKEN_BUDGET) -> tuple[Any, bool, int]:
    """``data`` cut to at most ``budget`` tokens of compact JSON: (data, truncated, tokens)."""
    text = dumps(data)
    if len(text.encode("utf-8")) <= budget:  # a token is at least one byte: no need to count
        return data, False, count_tokens(text)
    tokens = count_tokens(text)
    if tokens <= budget:
        return data, False, tokens
    trimmed = copy.deepcopy(data) if isinstance(data, dict) else {"items": copy.deepcopy(data)}
    omitted: dict[str, int] = {}
    trimmed["truncated"] = True
    trimmed["omitted"] = omitted
    while tokens > budget:
        lists: list[tuple[str, list[Any]]] = []
        _lists({k: v for k, v in trimmed.items() if k != "omitted"}, "", lists)
        lists = [(p, v) for p, v in lists if len(v) > 1]
        if lists:
            path, longest = max(lists, key=lambda pv: (len(dumps(pv[1])), pv[0]))
            keep = (len(longest) + 1) // 2
            omitted[path] = omitted.get(path, 0) + len(longest) - keep
            del longest[keep:]
        else:
            texts: list[tuple[Any, Any, int]] = []
            _texts(trimmed, texts)
            if not texts:
                break
            parent, key, size = max(texts, key=lambda t: t[2])
            parent[key] = parent[key][: max(_MIN_TEXT, size // 2)] + "…"
        tokens = count_tokens(dumps(trimmed))
    return trimmed, True, tokens


def citations(data: Any) -> list[dict[str, str]]:
    """The records a result cites, in order, without repeats: every ``{"record", "id"}`` (Evidence)."""
    seen: set[tuple[str, str]] = set()
    out: list[dict[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            record, ident = node.get("record"), node.get("id")
            if isinstance(record, str) and isinstance(ident, str | int) and (record, str(ident)) not in seen:
                seen.add((record, str(ident)))
                out.append({"kind": record, "id": str(ident)})
            for key in sorted(node):
                walk(node[key])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return out
