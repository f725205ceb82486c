"""``/v1/drafts``: follow-up e-mail drafts. Drafts are saved, never sent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from assistant.http.auth import CallerDep, ServiceDep
from assistant.http.optional import as_json, method
from assistant.http.problems import ProblemError, responses
from assistant.http.schemas import DraftRequest

router = APIRouter(prefix="/v1/drafts", tags=["drafts"])
_DRAFT_DOC: dict[str, Any] = {"content": {"application/json": {"schema": {"type": "object"}}}}


@router.post(
    "",
    status_code=201,
    summary="Draft a follow-up e-mail",
    responses={201: {"description": "The saved draft.", **_DRAFT_DOC}, **responses(401, 404, 413, 422, 501)},
)
def create_draft(body: DraftRequest, caller: CallerDep, service: ServiceDep) -> JSONResponse:
    """Recap, agreed next steps and asks that close C139 gaps, in the customer's language; saved, not sent."""
    draft = method(service, "draft", "drafts")
    account = service.visible_account(user_email=caller.email, account_id=body.account)
    try:
        result = draft(
            account.id, user_email=caller.email, opportunity=body.opportunity, instructions=body.instructions
        )
    except ValueError as exc:
        raise ProblemError(422, str(exc), kind="invalid-request") from exc
    return JSONResponse(as_json(result), status_code=201)


@router.get(
    "/{draft_id}",
    summary="A saved draft",
    responses={200: {"description": "The draft.", **_DRAFT_DOC}, **responses(401, 404, 501)},
)
def get_draft(
    draft_id: Annotated[str, Path(min_length=1, max_length=64)], caller: CallerDep, service: ServiceDep
) -> JSONResponse:
    """A draft the caller may see (one on an account they may see)."""
    fetch = method(service, "get_draft", "drafts")
    return JSONResponse(as_json(fetch(draft_id, user_email=caller.email)))
