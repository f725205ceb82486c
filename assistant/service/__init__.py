"""The one core service. Every adapter (CLI, HTTP, Slack) calls only this.

Each area of the product is a mixin in its own module; :class:`Tillage` puts them together.
"""

from __future__ import annotations

from assistant.service.admin import AdminService
from assistant.service.briefing import BriefingService
from assistant.service.channels import ChannelService
from assistant.service.chat import ChatService
from assistant.service.core import ServiceCore
from assistant.service.eval_retrieval import RetrievalEvalService
from assistant.service.evaluation import AgentEvalService
from assistant.service.keys import ApiKeyService
from assistant.service.scoring import ScoringService
from assistant.service.scoring_b import ScoringBService
from assistant.service.search import SearchService
from assistant.service.sentiment import SentimentService
from assistant.service.tour import TourService

# service-areas: add each area's mixin import above and to the bases below.


class Tillage(
    BriefingService,
    ScoringService,
    ScoringBService,
    ChannelService,
    ApiKeyService,
    SentimentService,
    TourService,
    SearchService,
    AgentEvalService,
    RetrievalEvalService,
    ChatService,
    AdminService,
    ServiceCore,
):
    """Tillage's core service: ``Tillage(settings)`` then call the area methods."""


__all__ = ["Tillage"]
