"""Prompt texts as files; :func:`load` reads one by name."""

from __future__ import annotations

from importlib import resources


def load(name: str) -> str:
    """The text of ``prompts/<name>`` (e.g. ``load("system.md")``)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
