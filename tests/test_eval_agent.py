"""The agent evaluation: number extraction and grounding, the per-case verdict and the metrics (hand
computed), the case file's validation, and the runner on a subset of evals/agent/cases.jsonl."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.service import Tillage
from assistant.service.eval_metrics import extract, grounded, sources, states
from assistant.service.eval_report import TurnResult, percentile, summarise
from assistant.service.evaluation import AgentCase, judge, load_cases
from assistant.settings import Settings

EVALS = Path(__file__).resolve().parents[1] / "evals" / "agent"
CASES = EVALS / "cases.jsonl"
sys.path.insert(0, str(EVALS))

import case_families  # type: ignore[import-not-found]  # noqa: E402
import make_cases  # type: ignore[import-not-found]  # noqa: E402


def test_extract_numbers_dates_and_what_is_not_a_number() -> None:
    found = extract(
        "C139 of X [opp-000234]: total 53.16/100 on 2026-11-23 (2026年10月31日 14:15), 1,189,900 CNY, 12.5万, "
        "60.0%, -0.495, draft drf-2f2e9852dc15442e to a.b@c-d.com.cn, Q3 4G ４５, 23 November 2026"
    )
    assert [(n.value, n.decimals, n.percent) for n in found.numbers] == [
        (53.16, 2, False), (1189900.0, 0, False), (125000.0, 0, False), (60.0, 1, True), (-0.495, 3, False),
        (45.0, 0, False),
    ]  # fmt: skip
    assert found.dates == ["2026-11-23", "2026-10-31", "2026-11-23", "T14:15"]


def test_grounded_numbers_come_from_results_lists_arguments_or_the_question() -> None:
    known = sources(['{"score":63.456,"rows":[1,2,3],"day":"2026-11-23","share":0.65}'], [{"days": 30}], "in 30 天")
    assert grounded("score 63.5, 3 rows, 65%, on 2026-11-23, 30 days", known) == []
    assert grounded("score 63.46 and 64, 4 rows, 2026-11-24, 7%", known) == ["64", "4", "7%", "2026-11-24"]


def test_states_compares_numbers_by_value_and_text_normalised() -> None:
    assert states("score 76.94/100", "76.94") and states("score 77", "76.94")
    assert not states("score 76.9", "76.95")
    assert states("paid 1,189,900 CNY", "1189900") and not states("x 0.97", "0.9722")
    assert states("Owner: ＤＡＶＩＤ Lee", "david lee") and not states("Owner: David", "David Lee")


def _turn(tools: list[str], *, answer: str = "", ungrounded: list[str] | None = None, refused: bool = False,
          latency: float = 100.0, tokens: int = 10) -> TurnResult:  # fmt: skip
    return TurnResult(question="q", answer=answer, tools=tools, tool_args=[{} for _ in tools], citations=0,
                      latency_ms=latency, tokens=tokens, ungrounded=ungrounded or [], refused=refused)  # fmt: skip


def test_judge_and_metrics_by_hand() -> None:
    ok = AgentCase(id="a", user="u", turns=["q"], expected_tools=["account_health"], must_state=["acc-1", "92.2"])
    wrong_tool = AgentCase(id="b", user="u", turns=["q"], expected_tools=["risk_scan"], must_state=["high"])
    refusal = AgentCase(id="c", user="u", turns=["q"], expected_tools=[], must_not_state=["acc-9"],
                        expect_refusal=True, family="refusal", lang="zh")  # fmt: skip
    results = [
        judge(ok, [_turn(["account_health"], answer="acc-1: 92.2/100", latency=100, tokens=10)]),
        judge(wrong_tool, [_turn(["account_health"], answer="level high", ungrounded=["7"], latency=300, tokens=20)]),
        judge(refusal, [_turn([], answer="which account? acc-9", refused=True, latency=200, tokens=30)]),
    ]
    assert [r.passed for r in results] == [True, False, False]
    assert (results[1].tools_ok, results[1].grounded, results[1].facts_missing) == (False, False, [])
    assert (results[2].tools_ok, results[2].refusal_ok, results[2].forbidden_found) == (True, True, ["acc-9"])
    report = summarise(results, model="offline", cases_path="x", world={}, warmup_ms=1.0)
    m = report.metrics
    assert (m.pass_rate, m.tool_selection_accuracy, m.fact_recall, m.groundedness) == (0.3333, 0.6667, 1.0, 0.6667)
    assert (m.forbidden_rate, m.refusal_accuracy, m.answers, m.tokens_per_answer) == (0.3333, 1.0, 3, 20.0)
    assert (m.latency_ms.p50, m.latency_ms.p95, m.latency_ms.max) == (200.0, 290.0, 300.0)
    assert report.failures == ["b", "c"] and report.by_family == {"-": 0.5, "refusal": 0.0}
    assert percentile([], 95) == 0.0 and percentile([5.0], 50) == 5.0


def test_case_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('{"id": "a", "user": "u", "turns": ["q"]}\n{"id": "b", "user": "u", "turns": []}\n')
    with pytest.raises(ValueError, match=r"cases\.jsonl:2: turns: List should have at least 1 item"):
        load_cases(path)
    path.write_text('{"id": "a", "user": "u", "turns": ["q"]}\n{"id": "a", "user": "u", "turns": ["q"]}\n')
    with pytest.raises(ValueError, match=r"cases\.jsonl:2: id: 'a' is used twice"):
        load_cases(path)
    with pytest.raises(ValueError, match="only: no such case id: zz"):
        load_cases(CASES, only=["zz"])


def test_the_committed_set_is_large_bilingual_and_covers_every_family() -> None:
    cases = load_cases(CASES)
    assert len(cases) >= 160
    assert {c.lang for c in cases} == {"en", "zh"}
    assert sum(len(c.turns) > 1 for c in cases) >= 8 and sum(c.expect_refusal for c in cases) >= 10
    tools = {t for c in cases for t in c.expected_tools}
    assert {"account_briefing", "risk_scan", "portfolio_at_risk", "portfolio_query", "account_health", "account_rfm",
            "c139_assessment", "next_best_actions", "power_map", "customer_tree", "lead_score", "search_documents",
            "sentiment_review", "draft_follow_up", "check_duplicates", "qualify_account"} <= tools  # fmt: skip


def test_runner_on_a_sample_generated_from_the_current_world(tmp_path: Path) -> None:
    # The sample's facts come from the tools on the world as it is now (evals/agent/make_cases.py), so
    # this checks the agent, not whether the committed set was regenerated after the world changed.
    world = make_cases.build(tmp_path / "world", index=False)
    try:
        cases = case_families.sample(world)
    finally:
        world.service.close()
    assert len(cases) >= 12
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    service = Tillage(Settings(home=tmp_path / "home", llm="offline"), migrate=False)
    report = service.evaluate_agent(path, world_home=tmp_path / "world", report_path=tmp_path / "r.json")
    service.close()
    assert report.count == len(cases)
    failures = {r.id: (r.facts_missing, r.turns[-1].answer[:300]) for r in report.results if not r.passed}
    assert report.metrics.pass_rate >= 0.9, failures
    m, results = report.metrics, report.results
    assert m.pass_rate == round(sum(r.passed for r in results) / len(results), 4)
    assert m.tool_selection_accuracy == round(sum(r.tools_ok for r in results) / len(results), 4)
    assert m.answers == sum(len(r.turns) for r in results)
    assert m.fact_recall == round(sum(r.facts_total - len(r.facts_missing) for r in results)
                                  / sum(r.facts_total for r in results), 4)  # fmt: skip
    assert m.groundedness == round(sum(not t.ungrounded for r in results for t in r.turns) / m.answers, 4)
    assert m.latency_ms.p50 <= m.latency_ms.p95 <= m.latency_ms.max
    written = json.loads((tmp_path / "r.json").read_text())
    assert written["metrics"] == report.metrics.model_dump(mode="json") and len(written["results"]) == len(cases)


def test_cli_prints_one_json_document(tmp_path: Path) -> None:
    subset = tmp_path / "two.jsonl"
    lines = [
        line for line in CASES.read_text().splitlines() if json.loads(line)["id"] in ("list-01", "out_of_scope-01")
    ]
    subset.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(
        app, ["eval", "agent", "--cases", str(subset), "--world", str(tmp_path / "w"), "--json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["count"] == 2 and document["metrics"]["answers"] == 2 and "results" not in document
    bad = CliRunner().invoke(app, ["eval", "agent", "--model", "gpt", "--json"])
    assert bad.exit_code == 2 and "offline or openai" in json.loads(bad.stdout)["error"]
