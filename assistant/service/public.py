"""The types and errors adapters may name, so that they import only ``assistant.service``."""

from __future__ import annotations

from assistant.agent import AgentError
from assistant.agent.reply import Citation, Reply, ToolCallRecord, Usage
from assistant.crm.access import UnknownUserError
from assistant.crm.models import Account, User
from assistant.service.channels import Check, Readiness
from assistant.service.keys import ApiKeyInfo, NewApiKey
from tools.base import AmbiguousError, NotFoundError, PermissionDeniedError, ToolError

__all__ = [
    "Account",
    "AgentError",
    "AmbiguousError",
    "ApiKeyInfo",
    "Check",
    "Citation",
    "NewApiKey",
    "NotFoundError",
    "PermissionDeniedError",
    "Readiness",
    "Reply",
    "ToolCallRecord",
    "ToolError",
    "UnknownUserError",
    "Usage",
    "User",
]
