"""``/v1/accounts``: the caller's accounts, an account's briefing and its scores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import PlainTextResponse

from assistant.http.auth import CallerDep, ServiceDep
from assistant.http.problems import ProblemError, responses
from assistant.http.schemas import AccountOut, AccountScores
from assistant.service.public import Briefing, NotFoundError

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])
AccountId = Annotated[str, Path(min_length=1, max_length=64, description="The account's id in the CRM.")]
AsOf = Annotated[date | None, Query(description="Compute as of this date (default: today, UTC).")]
Language = Annotated[
    str | None, Query(pattern="^(zh|en)$", description="Wording of the briefing (default: the customer's language).")
]
MARKDOWN = "text/markdown"


def _today() -> date:
    return datetime.now(UTC).date()


@router.get("", response_model=list[AccountOut], summary="Accounts visible to the caller", responses=responses(401))
def list_accounts(caller: CallerDep, service: ServiceDep) -> list[AccountOut]:
    """A rep's own accounts, a manager's team's, or all for an admin; ordered by name then id."""
    return [AccountOut.of(a) for a in service.list_accounts(user_email=caller.email)]


def _wants_markdown(request: Request) -> bool:
    accept = request.headers.get("accept", "*/*").lower()
    if MARKDOWN in accept:
        return True
    if not any(t in accept for t in ("application/json", "*/*", "application/*")):
        raise ProblemError(406, "this resource is available as application/json or text/markdown")
    return False


@router.get(
    "/{account_id}/briefing",
    response_model=Briefing,
    summary="Account briefing",
    description="The briefing as JSON, or as Markdown with `Accept: text/markdown`.",
    responses={
        200: {"description": "The briefing.", "content": {MARKDOWN: {"schema": {"type": "string"}}}},
        **responses(401, 404, 406, 422),
    },
)
def briefing(
    account_id: AccountId,
    request: Request,
    caller: CallerDep,
    service: ServiceDep,
    as_of: AsOf = None,
    language: Language = None,
) -> Any:
    """Profile, health, risks, open opportunities with C139, power map, penetration and next best actions."""
    markdown = _wants_markdown(request)
    account = service.visible_account(user_email=caller.email, account_id=account_id)
    day = as_of or _today()
    if markdown:
        text = service.brief_markdown(account.id, user_email=caller.email, as_of=day, language=language)
        return PlainTextResponse(text, media_type=f"{MARKDOWN}; charset=utf-8")
    return service.brief(account.id, user_email=caller.email, as_of=day, language=language)


@router.get(
    "/{account_id}/scores",
    response_model=AccountScores,
    summary="Account scores",
    responses=responses(401, 404, 422),
)
def scores(account_id: AccountId, caller: CallerDep, service: ServiceDep, as_of: AsOf = None) -> AccountScores:
    """RFM, health, risk, power map, customer tree, qualification, next best actions, and C139 per open deal."""
    account = service.visible_account(user_email=caller.email, account_id=account_id)
    day = as_of or _today()
    email, ref = caller.email, account.id
    c139 = []
    for opp in service.open_opportunity_ids(user_email=caller.email, account_id=account.id):
        try:
            c139.append(service.score_c139(user_email=caller.email, opportunity=opp, as_of=day))
        except NotFoundError:  # closed or moved between the two reads
            continue
    return AccountScores(
        account=AccountOut.of(account),
        as_of=day,
        rfm=service.score_rfm(user_email=email, account=ref, as_of=day),
        health=service.score_health(user_email=email, account=ref, as_of=day),
        risk=service.score_risk(user_email=email, account=ref, as_of=day),
        power_map=service.score_power_map(user_email=email, account=ref, as_of=day),
        customer_tree=service.score_tree(user_email=email, account=ref, as_of=day),
        qualification=service.score_qualification(user_email=email, account=ref, as_of=day),
        next_actions=service.next_best_actions(user_email=email, account=ref, as_of=day),
        c139=c139,
    )
