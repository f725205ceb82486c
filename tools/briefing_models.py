"""The shape of a manager briefing (domain.md section 13). Every figure carries ``sources``: the
records it was computed from as ``record:id`` citations (``order:ord-1``, ``contact:c-7``), taken
from the evidence of the tool that computed it."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from tools.actions_catalogue import ActionRef
from tools.base import ToolResult


class Ref(BaseModel):
    """A record's id and display name."""

    id: str
    name: str


class Profile(BaseModel):
    """Who the customer is."""

    id: str
    name: str
    aliases: list[str]
    industry: str | None
    region: str | None
    owner: Ref
    parent: Ref | None = Field(description="Only when the user may see the parent account.")
    group: Ref | None = Field(description="Top of the customer tree, when visible and not the account itself.")
    status: str
    legal_rep: str | None
    registry_id: str | None
    employees: int | None
    sources: list[str]


class RfmPart(BaseModel):
    """Tier and RFM segment."""

    r: int
    f: int
    m: int
    segment: str
    segment_en: str
    segment_zh: str
    tier: str
    sources: list[str]


class Indicator(BaseModel):
    """One health indicator 0-100."""

    name: str
    score: float
    sources: list[str]


class HealthPart(BaseModel):
    """Health index, its weakest indicators and the ones without data."""

    score: float | None
    band: str | None
    weakest: list[Indicator]
    missing: list[str]
    sources: list[str]


class RiskSignal(BaseModel):
    """An external event or internal signal."""

    kind: str
    severity: str
    detail: str
    sources: list[str]


class ActionTakenLine(BaseModel):
    """An automatic action the risk sweep took (audited, reversible by a manager)."""

    kind: str
    detail: str
    sources: list[str]


class RiskPart(BaseModel):
    """Risk level, signals with evidence, actions taken."""

    level: str
    signals: list[RiskSignal]
    actions_taken: list[ActionTakenLine]
    sources: list[str]


class GapLine(BaseModel):
    """A C139 gap and its catalogue actions."""

    part: str
    score: float
    actions: list[ActionRef]


class OpportunityPart(BaseModel):
    """An open opportunity with its C139 assessment."""

    id: str
    name: str
    stage: str | None
    amount: float
    currency: str
    expected_close: date | None
    competitor: str | None
    c139_total: float
    coverage: float
    value_proposition: float
    key_persons: float
    competitive: float
    gaps: list[GapLine]
    unknown_factors: list[str]
    sources: list[str]


class PowerLine(BaseModel):
    """A power-map finding."""

    finding: str
    subject: str
    action: ActionRef
    sources: list[str]


class LayerLine(BaseModel):
    """Relationship strength of one layer."""

    layer: str
    contacts: int
    mean_strength: float | None
    sources: list[str]


class PowerPart(BaseModel):
    """Power-map findings and layer strengths."""

    contacts: int
    roles_covered: list[str]
    findings: list[PowerLine]
    layers: list[LayerLine]


class CrossSellLine(BaseModel):
    """A product siblings bought and this account has not."""

    product: str
    bought_by: int
    amount: float
    hidden_buyers: int = Field(description="Buyers among subsidiaries the user may not see (counted, not named).")
    sources: list[str]


class TreePart(BaseModel):
    """Customer-tree penetration (only when the account is in a tree)."""

    group: Ref | None
    is_group: bool
    total_subsidiaries: int
    with_business: int
    penetration: float | None
    white_space: list[Ref]
    hidden_white_space: int
    cross_sell: list[CrossSellLine]
    sources: list[str]


class DocumentMoveLine(BaseModel):
    """A document that moved a month's sentiment."""

    document_id: str
    subject: str | None
    score: float
    contribution: float


class MonthLine(BaseModel):
    """One month of recent sentiment."""

    month: str
    score: float
    document_count: int
    documents: list[DocumentMoveLine]


class SentimentPart(BaseModel):
    """Sentiment of the last months' meeting notes and e-mails."""

    months: int
    score: float
    label: str
    document_count: int
    trend: list[MonthLine]
    sources: list[str]


class ActionLine(BaseModel):
    """One of the top next best actions."""

    rank: int
    source: str
    finding: str
    subject: str
    reason: str
    action_en: str
    action_zh: str
    effect_en: str
    effect_zh: str
    sources: list[str]


class Briefing(ToolResult):
    """A manager briefing of one account as of a date; ``language`` is the default for rendering."""

    account_id: str
    account_name: str
    as_of: date
    language: str
    language_basis: str
    profile: Profile
    rfm: RfmPart
    health: HealthPart
    risk: RiskPart
    opportunities: list[OpportunityPart]
    power_map: PowerPart
    tree: TreePart | None
    sentiment: SentimentPart
    next_actions: list[ActionLine]

    def to_markdown(self) -> str:
        """The briefing as Markdown in its own language (see :mod:`tools.briefing_render`)."""
        from tools.briefing_render import render_markdown  # the renderer imports this module

        return render_markdown(self, self.language)
