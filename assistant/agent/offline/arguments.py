"""Argument builders of the offline intents whose tools need more than filling by parameter name.

A builder takes the :class:`~assistant.agent.offline.intents.Entities` of the question and the
tool's schema (:class:`~assistant.agent.offline.intents.ToolInfo`) and returns the arguments,
only for parameters the tool has. It raises :class:`NeedAccount` when the question names no
target it can work on, so the model asks which account is meant instead of guessing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.agent.offline.refs import (
    days_ref,
    document_ref,
    kind_ref,
    lead_ref,
    opportunity_ref,
    search_terms,
    tier_ref,
)

if TYPE_CHECKING:
    from assistant.agent.offline.intents import Entities, ToolInfo


class NeedAccount(Exception):
    """The question names no account (or other target) the tool could run on."""


class NeedArgument(Exception):
    """A required argument (named in ``args``) could not be read from the question."""


def _only(tool: ToolInfo, args: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in args.items() if k in tool.properties and v is not None}


def c139_args(entities: Entities, tool: ToolInfo) -> dict[str, Any]:
    """``opportunity`` (id or the words before deal/项目) and/or ``account``; neither: ask."""
    opportunity = opportunity_ref(entities.question, without=entities.account_span)
    if opportunity is None and entities.account is None:
        raise NeedAccount
    return _only(tool, {"opportunity": opportunity, "account": entities.account})


def lead_args(entities: Entities, tool: ToolInfo) -> dict[str, Any]:
    """``lead``: an id like lead-00012 or the company after "score lead" / "线索"."""
    lead = lead_ref(entities.question)
    if lead is None:
        raise NeedArgument("lead")
    return _only(tool, {"lead": lead})


def duplicates_args(entities: Entities, tool: ToolInfo) -> dict[str, Any]:
    """``account`` when one is named, else ``lead`` (an id or "lead <company>")."""
    if entities.account is not None:
        return _only(tool, {"account": entities.account})
    lead = lead_ref(entities.question)
    if lead is None:
        raise NeedAccount
    return _only(tool, {"lead": lead})


def search_args(entities: Entities, tool: ToolInfo) -> dict[str, Any]:
    """``query`` (request words, period and account removed), ``account``, ``since``/``until``, ``kind``."""
    period = entities.period
    return _only(
        tool,
        {
            "query": search_terms(entities.question, without=entities.account_span),
            "account": entities.account,
            "since": period.start.isoformat() if period else None,
            "until": period.end.isoformat() if period else None,
            "kind": kind_ref(entities.question),
        },
    )


def sentiment_args(entities: Entities, tool: ToolInfo) -> dict[str, Any]:
    """``document`` (doc id) or ``account``, and ``months`` back from as_of covering the named period."""
    document = document_ref(entities.question)
    if document is not None:
        return _only(tool, {"document": document})
    if entities.account is None:
        raise NeedAccount
    months = None
    if entities.period is not None and entities.as_of is not None:
        start = entities.period.start
        months = (entities.as_of.year - start.year) * 12 + entities.as_of.month - start.month + 1
        months = max(1, min(months, 24))
    return _only(tool, {"account": entities.account, "months": months})


def portfolio_args(entities: Entities, tool: ToolInfo) -> dict[str, Any]:
    """Filters of a portfolio query: ``tier``, ``no_key_contact_days`` when the question names days, and
    the RFM ``segment`` for "needs waking" / "win-back"."""
    days = days_ref(entities.question)
    text = entities.question.casefold()
    segment = next((code for code, words in _SEGMENT_WORDS if any(w in text for w in words)), None)
    return _only(tool, {"tier": tier_ref(entities.question), "no_key_contact_days": days, "segment": segment})


_SEGMENT_WORDS = (
    ("needs_waking", ("唤醒", "needs waking", "need waking")),
    ("important_win_back", ("重要挽留", "win-back", "win back")),
)


_STATUS_WORDS = (
    ("high_risk", ("high risk", "high-risk", "高风险")),
    ("churned", ("churned", "lost customers", "流失")),
)


def list_args(entities: Entities, tool: ToolInfo) -> dict[str, Any]:
    """Filters of the account list: ``tier`` ("A-tier", "A类") and ``status`` (high risk, churned)."""
    text = entities.question.casefold()
    status = next((code for code, words in _STATUS_WORDS if any(w in text for w in words)), None)
    return _only(tool, {"tier": tier_ref(entities.question), "status": status})
