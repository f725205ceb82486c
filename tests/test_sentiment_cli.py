"""``tillage sentiment`` through the service: JSON shape, targets, access, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from cli_harness import area_app, invoke, service_with
from sentiment_world import DELAYED, NOT_SATISFIED, SATISFIED, build_world

from assistant.cli import evals, sentiment
from assistant.service import Tillage
from tools.base import NotFoundError


@pytest.fixture
def service() -> Iterator[Tillage]:
    yield from service_with(build_world)


@pytest.fixture
def cli() -> typer.Typer:
    return area_app(sentiment.register, evals.register)


def _run(cli: typer.Typer, *args: str) -> tuple[int, Any]:
    code, out = invoke(cli, *args)
    return code, json.loads(out) if out.strip() else None


@pytest.mark.usefixtures("service")
def test_account_target_by_name_with_trend(cli: typer.Typer) -> None:
    code, data = _run(cli, "sentiment", "华东制造", "--user", "rep1@x.com", "--as-of", "2026-03-31", "--json")
    assert code == 0
    assert {"score", "label", "sentences", "topics", "trend"} <= set(data)
    assert data["account_id"] == "A1"
    march = data["trend"][-1]
    assert (march["month"], march["score"]) == ("2026-03", round((NOT_SATISFIED + SATISFIED) / 2, 4))
    assert [d["document_id"] for d in march["documents"]] == ["d5", "d4"]
    assert {"document_id", "score", "contribution"} <= set(march["documents"][0])


@pytest.mark.usefixtures("service")
def test_document_target(cli: typer.Typer) -> None:
    code, data = _run(cli, "sentiment", "d3", "--user", "rep1@x.com", "--json")
    assert code == 0
    assert (data["document_id"], data["score"], data["label"]) == ("d3", DELAYED, "negative")
    assert {t["topic"] for t in data["topics"]} == {"delivery", "timeline", "relationship"}


@pytest.mark.usefixtures("service")
def test_invisible_and_missing_answer_the_same_with_exit_2(cli: typer.Typer) -> None:
    invisible = _run(cli, "sentiment", "A1", "--user", "rep2@x.com", "--json")
    invisible_doc = _run(cli, "sentiment", "d1", "--user", "rep2@x.com", "--json")
    missing = _run(cli, "sentiment", "ZZ-404", "--user", "rep2@x.com", "--json")
    assert invisible == (2, {"error": "no account or document matches 'A1'"})
    assert invisible_doc == (2, {"error": "no account or document matches 'd1'"})
    assert missing == (2, {"error": "no account or document matches 'ZZ-404'"})
    assert _run(cli, "sentiment", "A1", "--user", "nobody@x.com", "--json")[0] == 2


@pytest.mark.usefixtures("service")
def test_bad_as_of_names_the_option(cli: typer.Typer) -> None:
    code, data = _run(cli, "sentiment", "A1", "--user", "rep1@x.com", "--as-of", "31/03/2026", "--json")
    assert code == 2
    assert data["error"].startswith("--as-of:")


def test_service_raises_tools_not_found(service: Tillage) -> None:
    with pytest.raises(NotFoundError, match="no document matches 'd1'"):
        service.document_sentiment("d1", user_email="rep2@x.com")
    result = service.sentiment_review("d1", user_email="mgr@x.com", as_of=date(2026, 3, 31))
    assert result.label == "positive"


def test_eval_sentiment_command(cli: typer.Typer, tmp_path: Path) -> None:
    code, data = _run(cli, "eval", "sentiment", "--json")
    assert code == 0
    assert data["overall"]["accuracy"] >= 0.85
    assert set(data["splits"]) == {"train", "test"}
    labelled = tmp_path / "tiny.jsonl"
    labelled.write_text(
        '{"id": "a", "text": "客户很满意", "language": "zh", "label": "positive"}\n'
        '{"id": "b", "text": "客户很满意", "language": "zh", "label": "negative"}\n',
        encoding="utf-8",
    )
    code, data = _run(cli, "eval", "sentiment", "--set", str(labelled), "--min-accuracy", "0.9", "--json")
    assert code == 1
    assert data["overall"]["accuracy"] == 0.5
    code, data = _run(cli, "eval", "sentiment", "--set", str(tmp_path / "missing.jsonl"), "--json")
    assert code == 2
    assert data["error"].startswith("--set: no such file")
