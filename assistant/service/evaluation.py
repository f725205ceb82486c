"""Agent evaluation (``tillage eval agent``): bilingual cases over the demo world, asked through ``ask``.

The world is built in its own home (``HOME/eval/agent-world`` unless given): the demo world of the
given seed and size, its documents indexed when a case needs search. Each case runs in a new
thread, its turns in order, as its user. Per case: the tools called, the facts stated and the ones
that must not be, whether every number of every answer is grounded in that turn's tool results
(:mod:`assistant.service.eval_metrics`), and whether the answer is a refusal (no tool returned a
result: the target was not found or not visible, the question is out of scope, or the assistant
asked back).
A case passes when all five checks do. Latency is measured per answer, after one warm-up turn
per user (and one search when the set searches), which is reported separately.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any, Literal

from langchain_core.messages import AIMessage, ToolMessage
from pydantic import BaseModel, Field

from assistant.agent.reply import Reply
from assistant.service import eval_metrics as em
from assistant.service.chat import ChatService
from assistant.service.eval_report import AgentEvalMetrics, AgentEvalReport, CaseResult, TurnResult, summarise
from index.jsonl import load_jsonl

DEFAULT_CASES = Path("evals/agent/cases.jsonl")
DEFAULT_SEED = 7
DEFAULT_ACCOUNTS = 120
SEARCH_TOOL = "search_documents"


class AgentCase(BaseModel):
    """One evaluation case (a line of the JSONL set)."""

    id: str
    user: str = Field(description="E-mail of the asking user.")
    turns: list[str] = Field(min_length=1)
    expected_tools: list[str] = Field(default_factory=list, description="Tools the turns must call, in order.")
    must_state: list[str] = Field(default_factory=list)
    must_not_state: list[str] = Field(default_factory=list)
    expect_refusal: bool = False
    family: str = ""
    lang: str = ""


def load_cases(path: Path, *, limit: int | None = None, only: list[str] | None = None) -> list[AgentCase]:
    """The cases of a JSONL file (``only``: these ids; ``limit``: the first N). Errors name the line."""
    every = load_jsonl(path, AgentCase)
    cases = every if only is None else [case for case in every if case.id in only]
    if only is not None and (unknown := sorted(set(only) - {case.id for case in every})):
        raise ValueError(f"only: no such case id: {', '.join(unknown)}")
    return cases[:limit] if limit is not None else cases


def _turn_record(question: str, reply: Reply, messages: list[Any], latency_ms: float) -> TurnResult:
    contents = [str(m.content) for m in messages if isinstance(m, ToolMessage) and m.status != "error"]
    args = [dict(c["args"]) for m in messages if isinstance(m, AIMessage) for c in m.tool_calls]
    known = em.sources(contents, args, question)
    return TurnResult(
        question=question,
        answer=reply.answer,
        tools=[c.name for c in reply.tool_calls],
        tool_args=[c.args for c in reply.tool_calls],
        citations=len(reply.citations),
        latency_ms=round(latency_ms, 2),
        tokens=reply.usage.prompt_tokens + reply.usage.completion_tokens,
        ungrounded=em.grounded(reply.answer, known),
        refused=not any(isinstance(m, ToolMessage) and m.status != "error" for m in messages),
    )


def judge(case: AgentCase, turns: list[TurnResult]) -> CaseResult:
    """The verdict on a case from its turns (pure: see the module doc for the five checks)."""
    called = [name for turn in turns for name in turn.tools]
    remaining = list(called)
    tools_ok = True
    for name in case.expected_tools:
        if name in remaining:
            remaining.remove(name)
        else:
            tools_ok = False
    if not case.expected_tools and called:
        tools_ok = False
    answers = "\n".join(turn.answer for turn in turns)
    missing = [fact for fact in case.must_state if not em.states(answers, fact)]
    forbidden = [text for text in case.must_not_state if em.normalise(text) in em.normalise(answers)]
    grounded = all(not turn.ungrounded for turn in turns)
    refusal_ok = turns[-1].refused == case.expect_refusal
    return CaseResult(
        id=case.id,
        family=case.family,
        lang=case.lang,
        user=case.user,
        passed=tools_ok and not missing and not forbidden and grounded and refusal_ok,
        tools_ok=tools_ok,
        tools_exact=called == case.expected_tools,
        facts_total=len(case.must_state),
        facts_missing=missing,
        forbidden_found=forbidden,
        grounded=grounded,
        refusal_ok=refusal_ok,
        turns=turns,
    )


class AgentEvalService(ChatService):
    """``evaluate_agent``: run the agent evaluation set and report its metrics."""

    def evaluate_agent(
        self,
        cases_path: Path | None = None,
        *,
        model: Literal["offline", "openai"] | None = None,
        limit: int | None = None,
        only: list[str] | None = None,
        world_home: Path | None = None,
        seed: int = DEFAULT_SEED,
        accounts: int = DEFAULT_ACCOUNTS,
        report_path: Path | None = None,
    ) -> AgentEvalReport:
        """Run the cases (default ``evals/agent/cases.jsonl``) against a fresh demo world and score them.

        ``model`` overrides the configured chat model; ``report_path`` also writes the JSON report.
        """
        path = cases_path or DEFAULT_CASES
        if not path.is_file():
            raise ValueError(f"cases: no such file: {path}")
        cases = load_cases(path, limit=limit, only=only)
        if not cases:
            raise ValueError(f"cases: {path} holds no case to run")
        llm = model or self.settings.resolved_llm
        if llm == "openai" and self.settings.openai_api_key is None:
            raise ValueError("model: openai needs OPENAI_API_KEY")
        home = world_home or self.settings.home / "eval" / "agent-world"
        settings = self.settings.model_copy(
            update={"home": home, "database_url": None, "chroma_path": None, "chroma_url": None, "llm": llm}
        )
        world = type(self)(settings)
        try:
            summary = world.build_demo(seed=seed, accounts=accounts)  # type: ignore[attr-defined]
            needs_index = any(SEARCH_TOOL in c.expected_tools for c in cases)
            if needs_index:
                world.index_documents()  # type: ignore[attr-defined]
            warmup = _warm_up(world, cases, summary.today, needs_index)
            results = [_run_case(world, case, summary.today) for case in cases]
        finally:
            world.close()
        report = summarise(
            results,
            model=llm,
            cases_path=str(path),
            world={"seed": seed, "accounts": accounts, "today": summary.today.isoformat()},
            warmup_ms=warmup,
        )
        if report_path is not None:
            report_path.parent.mkdir(parents=True, exist_ok=True)
            report_path.write_text(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
            report = report.model_copy(update={"report_path": str(report_path)})
        return report


def _warm_up(world: ChatService, cases: list[AgentCase], as_of: Any, search: bool) -> float:
    """One turn per user (agent build, catalog) and one search (embedder, keyword index), timed."""
    start = time.perf_counter()
    for user in sorted({c.user for c in cases}):
        try:
            world.ask("help", user_email=user, as_of=as_of)
        except Exception:  # an unknown user fails again, visibly, in its case
            continue
    if search:
        world.document_index.store().embedder.embed_query("warm-up")
    return round((time.perf_counter() - start) * 1000, 2)


def _run_case(world: ChatService, case: AgentCase, as_of: Any) -> CaseResult:
    thread = "eval-" + uuid.uuid4().hex[:12]
    turns: list[TurnResult] = []
    for question in case.turns:
        start = time.perf_counter()
        try:
            reply = world.ask(question, user_email=case.user, thread=thread, as_of=as_of)
        except Exception as exc:  # a case that crashes fails; the run goes on
            result = judge(case, turns) if turns else None
            return CaseResult(
                id=case.id, family=case.family, lang=case.lang, user=case.user, passed=False, tools_ok=False,
                tools_exact=False, facts_total=len(case.must_state), facts_missing=list(case.must_state),
                forbidden_found=[], grounded=result.grounded if result else True, refusal_ok=False, turns=turns,
                error=f"{type(exc).__name__}: {exc}",
            )  # fmt: skip
        elapsed = (time.perf_counter() - start) * 1000
        messages = world.last_turn(user_email=case.user, thread=thread)
        turns.append(_turn_record(question, reply, messages, elapsed))
    return judge(case, turns)


__all__ = ["AgentCase", "AgentEvalMetrics", "AgentEvalReport", "AgentEvalService", "judge", "load_cases"]
