"""Service methods that arrive with later areas (today: document ingestion, ``ingest_document``).

The route is written against the service interface; until the area is part of the service, it
answers 501 with a problem document naming the missing feature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from assistant.http.problems import ProblemError
from assistant.service import Tillage


def method(service: Tillage, name: str, feature: str) -> Callable[..., Any]:
    """``service.<name>``, or a 501 problem saying ``feature`` is not available."""
    found: Callable[..., Any] | None = getattr(service, name, None)
    if not callable(found):
        raise ProblemError(501, f"{feature} is not available in this version of the service", kind="not-implemented")
    return found


def has(service: Tillage, name: str) -> bool:
    """Whether the service offers ``name``."""
    return callable(getattr(service, name, None))


def as_json(value: Any) -> Any:
    """A service result as JSON-ready data (pydantic models dumped in JSON mode)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    return value
