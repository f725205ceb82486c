"""Bearer API keys: ``Authorization: Bearer tlg_<id>_<secret>`` identifies the requesting user.

The key itself is never logged nor echoed; a failure says only which of missing/invalid applies.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from assistant.http.problems import BEARER_CHALLENGE, ProblemError
from assistant.service import Tillage

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    bearerFormat="tlg_<id>_<secret>",
    description="An API key from `tillage keys create --user EMAIL`.",
)


class Caller(BaseModel):
    """The authenticated user of a request."""

    user_id: str
    email: str
    role: str


def service_of(request: Request) -> Tillage:
    """The application's one service object."""
    service: Tillage = request.app.state.service
    return service


def current_caller(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Caller:
    """The user the bearer key belongs to; 401 with ``WWW-Authenticate: Bearer`` otherwise."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ProblemError(401, "an API key is required: send Authorization: Bearer <key>", kind="unauthorized",
                           headers=BEARER_CHALLENGE)  # fmt: skip
    user = service_of(request).authenticate_api_key(credentials.credentials)
    if user is None:
        raise ProblemError(
            401,
            "the API key is invalid or revoked",
            kind="unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="tillage", error="invalid_token"'},
        )
    return Caller(user_id=user.id, email=user.email, role=user.role)


CallerDep = Annotated[Caller, Depends(current_caller)]
ServiceDep = Annotated[Tillage, Depends(service_of)]
