"""The closed vocabularies of the CRM (domain.md section 1 and the import format).

Columns store the plain string values; these enums are the single list of what is allowed.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user is in the sales organisation."""

    REP = "rep"
    MANAGER = "manager"
    ADMIN = "admin"


class AccountStatus(StrEnum):
    """Lifecycle state of an account."""

    ACTIVE = "active"
    HIGH_RISK = "high_risk"
    CHURNED = "churned"


class DecisionRole(StrEnum):
    """A contact's role in the customer's buying decision."""

    DECISION_MAKER = "decision_maker"
    FINANCIAL = "financial"
    TECHNICAL = "technical"
    USER = "user"
    INFLUENCER = "influencer"
    COACH = "coach"
    GATEKEEPER = "gatekeeper"


class Stance(StrEnum):
    """A contact's attitude towards us."""

    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    OPPONENT = "opponent"


class Layer(StrEnum):
    """Relationship layer (seed 003): key persons, general staff, organisation to organisation."""

    KEY = "key"
    GENERAL = "general"
    ORGANIZATIONAL = "organizational"


class OpportunityStatus(StrEnum):
    """Whether a deal is still being worked, won or lost."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


class QuoteStatus(StrEnum):
    """State of a quote; ``frozen`` is set by the risk sweep."""

    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    FROZEN = "frozen"


class ActivityKind(StrEnum):
    """Kinds of logged customer interaction."""

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    VISIT = "visit"
    WEBINAR = "webinar"
    DEMO = "demo"


class RiskKind(StrEnum):
    """External risk events (domain.md section 6)."""

    DISHONEST_DEBTOR = "dishonest_debtor"
    LEGAL_REP_CHANGE = "legal_rep_change"
    LAWSUIT = "lawsuit"
    BUSINESS_ABNORMAL = "business_abnormal"
    FINANCIAL_ANOMALY = "financial_anomaly"
    NEGATIVE_NEWS = "negative_news"


class Severity(StrEnum):
    """Severity of a risk event or signal."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class LeadEventKind(StrEnum):
    """Marketing touches a lead can have (domain.md section 3)."""

    SITE_VISIT = "site_visit"
    WHITEPAPER_DOWNLOAD = "whitepaper_download"
    WEBINAR_ATTENDED = "webinar_attended"
    EVENT_CHECKIN = "event_checkin"
    EMAIL_REPLY = "email_reply"
    DEMO_REQUEST = "demo_request"


class LeadOutcome(StrEnum):
    """Closed lead outcomes; an open lead has none."""

    CONVERTED = "converted"
    LOST = "lost"


class DocumentKind(StrEnum):
    """Kinds of unstructured document."""

    MEETING_NOTE = "meeting_note"
    EMAIL = "email"


class TaskTeam(StrEnum):
    """Teams a task can be assigned to instead of a person."""

    FINANCE = "finance"
    SALES = "sales"


#: The nine competitive factors of C139, in the order of the import columns (``f_<name>``).
COMPETITIVE_FACTORS: tuple[str, ...] = (
    "price",
    "product_fit",
    "service",
    "delivery",
    "technical",
    "brand",
    "relationship",
    "commercial",
    "responsiveness",
)
