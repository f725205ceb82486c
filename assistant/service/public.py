"""The types and errors adapters may name, so that they import only ``assistant.service``."""

from __future__ import annotations

from assistant.agent import (
    AgentError,
    ChatEvent,
    DoneEvent,
    ResetEvent,
    TokenEvent,
    ToolEvent,
    ToolResultEvent,
)
from assistant.agent.reply import Citation, Reply, ToolCallRecord, Usage
from assistant.crm.access import UnknownUserError
from assistant.crm.demo import MIN_ACCOUNTS
from assistant.crm.models import Account, User
from assistant.service.channels import Check, Readiness
from assistant.service.keys import ApiKeyInfo, NewApiKey
from index.sentiment import AccountSentiment, DocumentSentiment, SentimentResult
from tools.base import AmbiguousError, NotFoundError, PermissionDeniedError, ToolError, ToolResult
from tools.briefing_models import Briefing
from tools.c139 import C139Result
from tools.customer_tree import CustomerTreeResult
from tools.drafts import DraftResult, DraftView
from tools.health import HealthResult
from tools.next_actions import NextActionsResult
from tools.portfolio import PortfolioResult
from tools.power_map import PowerMapResult
from tools.qualification import QualificationResult
from tools.rfm import RfmResult
from tools.risk import RiskResult
from tools.risk_sweep import SweepReport, UndoReport

__all__ = [
    "MIN_ACCOUNTS",
    "Account",
    "AccountSentiment",
    "AgentError",
    "AmbiguousError",
    "ApiKeyInfo",
    "Briefing",
    "C139Result",
    "ChatEvent",
    "Check",
    "Citation",
    "CustomerTreeResult",
    "DocumentSentiment",
    "DoneEvent",
    "DraftResult",
    "DraftView",
    "HealthResult",
    "NewApiKey",
    "NextActionsResult",
    "NotFoundError",
    "PermissionDeniedError",
    "PortfolioResult",
    "PowerMapResult",
    "QualificationResult",
    "Readiness",
    "Reply",
    "ResetEvent",
    "RfmResult",
    "RiskResult",
    "SentimentResult",
    "SweepReport",
    "TokenEvent",
    "ToolCallRecord",
    "ToolError",
    "ToolEvent",
    "ToolResult",
    "ToolResultEvent",
    "UndoReport",
    "UnknownUserError",
    "Usage",
    "User",
]
