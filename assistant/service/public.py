"""The types and errors adapters may name, so that they import only ``assistant.service``."""

from __future__ import annotations

from assistant.agent import AgentError
from assistant.agent.reply import Citation, Reply, ToolCallRecord, Usage
from assistant.crm.access import UnknownUserError
from assistant.crm.models import Account, User
from assistant.service.channels import Check, Readiness
from assistant.service.keys import ApiKeyInfo, NewApiKey
from tools.base import AmbiguousError, NotFoundError, PermissionDeniedError, ToolError
from tools.briefing_models import Briefing
from tools.c139 import C139Result
from tools.customer_tree import CustomerTreeResult
from tools.drafts import DraftResult, DraftView
from tools.health import HealthResult
from tools.next_actions import NextActionsResult
from tools.power_map import PowerMapResult
from tools.qualification import QualificationResult
from tools.rfm import RfmResult
from tools.risk import RiskResult

__all__ = [
    "Account",
    "AgentError",
    "AmbiguousError",
    "ApiKeyInfo",
    "Briefing",
    "C139Result",
    "Check",
    "Citation",
    "CustomerTreeResult",
    "DraftResult",
    "DraftView",
    "HealthResult",
    "NewApiKey",
    "NextActionsResult",
    "NotFoundError",
    "PermissionDeniedError",
    "PowerMapResult",
    "QualificationResult",
    "Readiness",
    "Reply",
    "RfmResult",
    "RiskResult",
    "ToolCallRecord",
    "ToolError",
    "UnknownUserError",
    "Usage",
    "User",
]
