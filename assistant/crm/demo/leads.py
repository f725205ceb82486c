"""Marketing leads of the last year with their events and outcomes.

Outcomes are set by quota, not by chance, so every seed shows the same effects: about 25%
converted, 45% lost, 30% still open (the most recent ones); webinar attendees convert three times
as often as other leads (seed 000); among closed leads, demo requesters convert more often.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from assistant.crm.demo.catalog import (
    INDUSTRY_KEYS,
    INDUSTRY_WEIGHTS,
    INDUSTRY_WORDS,
    LEAD_TITLES_EN,
    LEAD_TITLES_ZH,
    REP_IDS,
)
from assistant.crm.demo.context import Context
from assistant.crm.demo.names import CompanyNamer, chinese_person, english_person

WEBINAR_SHARE = 0.3
DEMO_SHARE = 0.2
OPEN_SHARE = 0.3
CONVERTED_SHARE = 0.25
WEBINAR_LIFT = 3.0
_OTHER_EVENTS = ("site_visit", "site_visit", "whitepaper_download", "event_checkin", "email_reply")


def lead_count(accounts: int) -> int:
    """400 leads for demo-sized worlds, one per ten accounts for big ones."""
    return max(400, accounts // 10)


@dataclass(slots=True)
class _Lead:
    row: dict[str, Any]
    created: datetime
    webinar: bool = False
    demo: bool = False
    events: list[tuple[datetime, str]] = field(default_factory=list)


def make_leads(ctx: Context, namer: CompanyNamer, count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``count`` leads and their events, ids in order of creation."""
    rng = ctx.rng
    leads = [_lead(ctx, namer) for _ in range(count)]
    for lead in rng.sample(leads, round(WEBINAR_SHARE * count)):
        lead.webinar = True
    for lead in rng.sample(leads, round(DEMO_SHARE * count)):
        lead.demo = True
    _set_outcomes(rng, leads)
    leads.sort(key=lambda lead: lead.created)
    lead_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    for lead in leads:
        lead.row["id"] = ctx.ids.new("lead")
        lead_rows.append(lead.row)
        kinds = [rng.choice(_OTHER_EVENTS) for _ in range(rng.randint(1, 4))]
        kinds += ["webinar_attended"] * lead.webinar + ["demo_request"] * lead.demo
        age = max(0, (ctx.now() - lead.created).days - 1)
        touches = sorted(
            (lead.created + timedelta(days=rng.randint(0, min(90, age)), minutes=rng.randrange(480)), kind)
            for kind in kinds
        )
        for at, kind in touches:
            event_rows.append(
                {"id": ctx.ids.new("lead_event"), "lead_id": lead.row["id"], "kind": kind, "occurred_at": at}
            )
    return lead_rows, event_rows


def _lead(ctx: Context, namer: CompanyNamer) -> _Lead:
    rng = ctx.rng
    chinese = rng.random() < 0.7
    industry = rng.choices(INDUSTRY_KEYS, weights=INDUSTRY_WEIGHTS)[0]
    company = namer.chinese(INDUSTRY_WORDS[industry]) if chinese else namer.english(INDUSTRY_WORDS[industry])
    person = chinese_person(rng) if chinese else english_person(rng)
    created = ctx.at_work(ctx.random_day(365, 1))
    row: dict[str, Any] = {
        "id": "",
        "company": company.name,
        "contact_name": person.name,
        "title": rng.choice(LEAD_TITLES_ZH if chinese else LEAD_TITLES_EN),
        "industry": industry,
        "employees": int(math.exp(rng.uniform(math.log(20), math.log(20000)))),
        "region": company.region,
        "created_at": created,
        "outcome": None,
        "owner_id": rng.choice(REP_IDS),
    }
    return _Lead(row, created)


def _set_outcomes(rng: random.Random, leads: list[_Lead]) -> None:
    webinar = [lead for lead in leads if lead.webinar]
    others = [lead for lead in leads if not lead.webinar]
    converted_total = round(CONVERTED_SHARE * len(leads))
    base_rate = converted_total / (WEBINAR_LIFT * len(webinar) + len(others)) if leads else 0.0
    targets = {True: round(WEBINAR_LIFT * base_rate * len(webinar))}
    targets[False] = converted_total - targets[True]
    for is_webinar, group in ((True, webinar), (False, others)):
        newest_first = sorted(group, key=lambda lead: lead.created, reverse=True)
        still_open = round(OPEN_SHARE * len(group))
        closed = newest_first[still_open:]
        # Demo requesters get a head start in the draw for conversion.
        closed.sort(key=lambda lead: rng.random() * (0.45 if lead.demo else 1.0))
        wanted = min(len(closed), max(0, targets[is_webinar]))
        for position, lead in enumerate(closed):
            lead.row["outcome"] = "converted" if position < wanted else "lost"
