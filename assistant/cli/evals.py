"""``tillage eval ...``: quality evaluations on the labelled sets under ``evals/``."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.output import console, emit_json, fail, table
from assistant.service import Tillage

JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]

eval_app = typer.Typer(help="Evaluate quality on the labelled sets in evals/.", no_args_is_help=True)


@eval_app.command("sentiment")
def eval_sentiment(
    labelled_set: Annotated[
        Path | None,
        typer.Option("--set", help="JSONL labelled set; default evals/sentiment/sentences.jsonl."),
    ] = None,
    min_accuracy: Annotated[
        float | None,
        typer.Option("--min-accuracy", min=0, max=1, help="Exit 1 when overall accuracy is below this."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Accuracy, macro-F1, per-class precision/recall and confusion matrix of the sentiment scorer."""
    if labelled_set is not None and not labelled_set.is_file():
        fail(f"--set: no such file: {labelled_set}", as_json=as_json)
    try:
        report = Tillage(migrate=False).evaluate_sentiment(labelled_set)
    except ValueError as exc:
        fail(str(exc), as_json=as_json)
    if as_json:
        emit_json(report.model_dump(mode="json"))
    else:
        rows = [("overall", report.overall)] + [(f"split {k}", m) for k, m in report.splits.items()]
        rows += [(f"language {k}", m) for k, m in report.languages.items()]
        table(
            "Sentiment evaluation",
            ["set", "n", "accuracy", "macro-F1"],
            [(name, m.n, f"{m.accuracy:.3f}", f"{m.macro_f1:.3f}") for name, m in rows],
        )
        table(
            "Per class (overall)",
            ["label", "precision", "recall", "F1", "support"],
            [
                (label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", c.support)
                for label, c in report.overall.per_class.items()
            ],
        )
        labels = list(report.overall.confusion)
        table(
            "Confusion (rows expected, columns predicted)",
            ["expected", *labels],
            [(expected, *(report.overall.confusion[expected][p] for p in labels)) for expected in labels],
        )
        console.print(
            f"topics: precision {report.topics.precision:.3f} recall {report.topics.recall:.3f} "
            f"F1 {report.topics.f1:.3f}; {len(report.misses)} misclassified ({report.path})",
            highlight=False,
        )
    if min_accuracy is not None and report.overall.accuracy < min_accuracy:
        if not as_json:
            console.print(f"accuracy {report.overall.accuracy:.3f} is below {min_accuracy:.3f}", highlight=False)
        raise typer.Exit(1)


@eval_app.command("agent")
def eval_agent(
    model: Annotated[
        str | None, typer.Option("--model", help="Chat model: offline or openai (default: the configured one).")
    ] = None,
    cases: Annotated[Path | None, typer.Option("--cases", help="JSONL cases; default evals/agent/cases.jsonl.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Run only the first N cases.")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Also write the full JSON report here.")] = None,
    world: Annotated[
        Path | None, typer.Option("--world", help="Folder of the evaluation world (default HOME/eval/agent-world).")
    ] = None,
    min_pass: Annotated[
        float | None, typer.Option("--min-pass", min=0, max=1, help="Exit 1 when the pass rate is below this.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Ask the agent the bilingual evaluation cases on a fresh demo world and score the answers."""
    if model is not None and model not in ("offline", "openai"):
        fail(f"--model: must be offline or openai, got {model!r}", as_json=as_json)
    if cases is not None and not cases.is_file():
        fail(f"--cases: no such file: {cases}", as_json=as_json)
    service = Tillage(migrate=False)
    try:
        result = service.evaluate_agent(cases, model=model, limit=limit, report_path=report, world_home=world)  # type: ignore[arg-type]
    except ValueError as exc:
        fail(str(exc), as_json=as_json)
    finally:
        service.close()
    m = result.metrics
    if as_json:
        emit_json(result.model_dump(mode="json", exclude={"results"}))
    else:
        table(
            f"Agent evaluation ({result.model}, {result.count} cases, {m.answers} answers)",
            ["metric", "value"],
            [
                ("pass rate", f"{m.pass_rate:.3f}"),
                ("tool selection accuracy", f"{m.tool_selection_accuracy:.3f}"),
                ("tool exact match", f"{m.tool_exact_match:.3f}"),
                ("fact recall", f"{m.fact_recall:.3f}"),
                ("cases stating forbidden facts", f"{m.forbidden_rate:.3f}"),
                ("groundedness", f"{m.groundedness:.3f}"),
                ("refusal accuracy", f"{m.refusal_accuracy:.3f}"),
                (
                    "latency p50 / p95 / max (ms)",
                    f"{m.latency_ms.p50:.0f} / {m.latency_ms.p95:.0f} / {m.latency_ms.max:.0f}",
                ),
                ("tokens per answer", f"{m.tokens_per_answer:.0f}"),
                ("warm-up (ms, not in latency)", f"{result.warmup_ms:.0f}"),
            ],
        )
        table("Pass rate by family", ["family", "pass rate"], [(k, f"{v:.3f}") for k, v in result.by_family.items()])
        table(
            "Pass rate by language", ["language", "pass rate"], [(k, f"{v:.3f}") for k, v in result.by_language.items()]
        )
        if result.failures:
            console.print("failed: " + ", ".join(result.failures), highlight=False)
        if result.report_path:
            console.print(f"report: {result.report_path}", highlight=False)
    if min_pass is not None and m.pass_rate < min_pass:
        raise typer.Exit(1)


@eval_app.command("retrieval")
def eval_retrieval(
    queries: Annotated[
        Path | None, typer.Option("--queries", help="JSONL queries; default evals/retrieval/queries.jsonl.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Run only the first N queries.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Recall@5, MRR@10 and nDCG@10 of dense-only, keyword-only and hybrid document search.

    Expects the demo world in TILLAGE_HOME: run `tillage demo` first (seed 7, 120 accounts).

    The document index is brought up to date, then each query is searched as its user in each mode.

    Recall@5: relevant documents in the top 5 over min(5, relevant).
    """
    if queries is not None and not queries.is_file():
        fail(f"--queries: no such file: {queries}", as_json=as_json)
    service = Tillage()
    try:
        with console.status("searching ...", spinner="dots") if not as_json else nullcontext():
            report = service.evaluate_retrieval(queries, limit=limit)
    except ValueError as exc:
        fail(str(exc), as_json=as_json)
    finally:
        service.close()
    if as_json:
        emit_json(report.model_dump(mode="json"))
        return
    modes = list(report.modes)

    def metric_rows(groups: dict[str, Any], metric: str) -> list[tuple[Any, ...]]:
        return [
            (name, by_mode[modes[0]].queries, *(f"{getattr(by_mode[m], metric):.3f}" for m in modes))
            for name, by_mode in groups.items()
        ]

    table(
        f"Retrieval evaluation ({report.queries} queries)",
        ["mode", "recall@5", "MRR@10", "nDCG@10"],
        [(m, f"{s.recall_at_5:.3f}", f"{s.mrr_at_10:.3f}", f"{s.ndcg_at_10:.3f}") for m, s in report.modes.items()],
    )
    table("Recall@5 by language", ["language", "n", *modes], metric_rows(report.by_language, "recall_at_5"))
    table("Recall@5 by kind", ["kind", "n", *modes], metric_rows(report.by_kind, "recall_at_5"))
    table("nDCG@10 by kind", ["kind", "n", *modes], metric_rows(report.by_kind, "ndcg_at_10"))
    missed = [r.id for r in report.results if "hybrid" in r.modes and r.modes["hybrid"].recall_at_5 < 1]
    if missed:
        console.print(f"hybrid recall@5 below 1 ({len(missed)}): " + ", ".join(missed), highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command group to the CLI."""
    app.add_typer(eval_app, name="eval")
