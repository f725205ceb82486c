"""``/healthz`` (the process is up) and ``/readyz`` (database and index reachable). No key needed."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.http.auth import ServiceDep
from assistant.http.problems import Problem
from assistant.http.schemas import Health
from assistant.service.public import Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness")
def healthz() -> Health:
    """Always ok while the process serves requests."""
    return Health()


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Readiness",
    responses={
        503: {"model": Readiness, "description": "A dependency is unreachable (checks say which)."},
        500: {"model": Problem, "description": "Unexpected server error."},
    },
)
def readyz(service: ServiceDep) -> JSONResponse:
    """200 when the database answers ``SELECT 1`` and the index answers its heartbeat; 503 otherwise."""
    result = service.readiness()
    return JSONResponse(result.model_dump(mode="json"), status_code=200 if result.ready else 503)
