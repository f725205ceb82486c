"""Response and request bodies of the HTTP API that are not service types themselves."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from assistant.service.public import (
    Account,
    C139Result,
    CustomerTreeResult,
    HealthResult,
    NextActionsResult,
    PowerMapResult,
    QualificationResult,
    RfmResult,
    RiskResult,
)


class AccountOut(BaseModel):
    """An account the caller may see."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    industry: str | None = None
    region: str | None = None
    tier: str | None = None
    status: str
    owner_id: str
    parent_id: str | None = None

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        """From the service's account record."""
        return cls(
            id=account.id,
            name=account.name,
            aliases=sorted(account.aliases or []),
            industry=account.industry,
            region=account.region,
            tier=account.tier,
            status=account.status,
            owner_id=account.owner_id,
            parent_id=account.parent_id,
        )


class AccountScores(BaseModel):
    """Every score of one account as of a date, each with its evidence and thresholds."""

    account: AccountOut
    as_of: date
    rfm: RfmResult
    health: HealthResult
    risk: RiskResult
    power_map: PowerMapResult
    customer_tree: CustomerTreeResult
    qualification: QualificationResult
    next_actions: NextActionsResult
    c139: list[C139Result] = Field(description="C139 assessment of each open opportunity, by opportunity id.")


class DraftRequest(BaseModel):
    """What to draft: a follow-up e-mail for an account (optionally one opportunity)."""

    account: str = Field(min_length=1, max_length=64, description="Account id.")
    opportunity: str | None = Field(default=None, min_length=1, max_length=64, description="Opportunity id.")
    instructions: str | None = Field(default=None, max_length=2000, description="Extra guidance for the draft.")


class DocumentAccepted(BaseModel):
    """The outcome of ingesting one uploaded document."""

    filename: str
    result: dict[str, Any] = Field(description="The ingestion report of the document service.")


class Health(BaseModel):
    """Liveness."""

    status: str = "ok"
