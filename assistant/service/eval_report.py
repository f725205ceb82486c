"""The agent evaluation's results and metrics (see :mod:`assistant.service.evaluation`)."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field


class TurnResult(BaseModel):
    """One question of a case and what the assistant did with it."""

    question: str
    answer: str
    tools: list[str]
    tool_args: list[dict[str, Any]]
    citations: int
    latency_ms: float
    tokens: int = Field(description="Prompt plus completion tokens of the turn.")
    ungrounded: list[str] = Field(description="Numbers and dates of the answer no tool result supports.")
    refused: bool = Field(description="No tool returned a result: not found, out of scope, or a question back.")


class CaseResult(BaseModel):
    """The verdict on one case."""

    id: str
    family: str
    lang: str
    user: str
    passed: bool
    tools_ok: bool = Field(description="Every expected tool was called (nothing called when none expected).")
    tools_exact: bool = Field(description="Exactly the expected tools, in order.")
    facts_total: int
    facts_missing: list[str]
    forbidden_found: list[str]
    grounded: bool
    refusal_ok: bool
    turns: list[TurnResult]
    error: str | None = None


class Latency(BaseModel):
    """Per-answer latency in milliseconds."""

    p50: float
    p95: float
    mean: float
    max: float


class AgentEvalMetrics(BaseModel):
    """Aggregates over the cases (rates 0-1)."""

    pass_rate: float
    tool_selection_accuracy: float
    tool_exact_match: float
    fact_recall: float = Field(description="Facts stated / facts expected, over all cases.")
    forbidden_rate: float = Field(description="Cases stating something they must not.")
    groundedness: float = Field(description="Answers whose every number and date is in the turn's tool results.")
    refusal_accuracy: float
    latency_ms: Latency
    tokens_per_answer: float
    answers: int


class AgentEvalReport(BaseModel):
    """The evaluation run: metrics, breakdowns, failed case ids and every case's result."""

    model: str
    cases_path: str
    world: dict[str, Any]
    count: int
    warmup_ms: float
    metrics: AgentEvalMetrics
    by_family: dict[str, float]
    by_language: dict[str, float]
    failures: list[str]
    results: list[CaseResult]
    report_path: str | None = None


def percentile(values: list[float], q: float) -> float:
    """The ``q`` percentile (0-100) by linear interpolation between closest ranks (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _rate(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


def _by(results: list[CaseResult], key: str) -> dict[str, float]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        groups[getattr(r, key) or "-"].append(r.passed)
    return {k: _rate(sum(v), len(v)) for k, v in sorted(groups.items())}


def summarise(
    results: list[CaseResult], *, model: str, cases_path: str, world: dict[str, Any], warmup_ms: float
) -> AgentEvalReport:
    """The report of a run: metrics over ``results`` (see each field for its definition)."""
    turns = [t for r in results for t in r.turns]
    latencies = [t.latency_ms for t in turns]
    facts = sum(r.facts_total for r in results)
    stated = sum(r.facts_total - len(r.facts_missing) for r in results)
    n = len(results)
    metrics = AgentEvalMetrics(
        pass_rate=_rate(sum(r.passed for r in results), n),
        tool_selection_accuracy=_rate(sum(r.tools_ok for r in results), n),
        tool_exact_match=_rate(sum(r.tools_exact for r in results), n),
        fact_recall=_rate(stated, facts),
        forbidden_rate=_rate(sum(bool(r.forbidden_found) for r in results), n),
        groundedness=_rate(sum(not t.ungrounded for t in turns), len(turns)),
        refusal_accuracy=_rate(sum(r.refusal_ok for r in results), n),
        latency_ms=Latency(
            p50=round(percentile(latencies, 50), 2),
            p95=round(percentile(latencies, 95), 2),
            mean=round(sum(latencies) / len(latencies), 2) if latencies else 0.0,
            max=round(max(latencies), 2) if latencies else 0.0,
        ),
        tokens_per_answer=round(sum(t.tokens for t in turns) / len(turns), 1) if turns else 0.0,
        answers=len(turns),
    )
    return AgentEvalReport(
        model=model,
        cases_path=cases_path,
        world=world,
        count=n,
        warmup_ms=warmup_ms,
        metrics=metrics,
        by_family=_by(results, "family"),
        by_language=_by(results, "lang"),
        failures=[r.id for r in results if not r.passed],
        results=results,
    )
