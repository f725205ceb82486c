"""``/v1/drafts``: follow-up e-mail drafts. Drafts are saved, never sent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from assistant.http.auth import CallerDep, ServiceDep
from assistant.http.problems import ProblemError, responses
from assistant.http.schemas import DraftRequest
from assistant.service.public import DraftResult, DraftView

router = APIRouter(prefix="/v1/drafts", tags=["drafts"])


@router.post(
    "",
    status_code=201,
    response_model=DraftResult,
    summary="Draft a follow-up e-mail",
    responses=responses(401, 404, 413, 422),
)
def create_draft(body: DraftRequest, caller: CallerDep, service: ServiceDep) -> DraftResult:
    """Recap, agreed next steps and asks that close C139 gaps, in the customer's language; saved, not sent."""
    account = service.visible_account(user_email=caller.email, account_id=body.account)
    try:
        return service.draft(
            account.id, user_email=caller.email, opportunity=body.opportunity, instructions=body.instructions
        )
    except ValueError as exc:  # DraftInputError names the field
        raise ProblemError(422, str(exc), kind="invalid-request") from exc


@router.get("/{draft_id}", response_model=DraftView, summary="A saved draft", responses=responses(401, 404, 422))
def get_draft(
    draft_id: Annotated[str, Path(min_length=1, max_length=64)], caller: CallerDep, service: ServiceDep
) -> DraftView:
    """A draft the caller may see (one on an account they may see)."""
    return service.get_draft(draft_id, user_email=caller.email)
