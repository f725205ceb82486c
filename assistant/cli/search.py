"""``tillage ingest`` and ``tillage search``: the meeting-note and e-mail index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from assistant.cli.output import console, emit_json, fail, parse_date, table
from assistant.service import Tillage
from assistant.service.public import AmbiguousError, ToolError, UnknownUserError

JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]


def ingest_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Notes (.md/.txt), e-mails (.eml/.mbox) or folders.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Index meeting notes and e-mails; without PATH, bring the index up to date with the database."""
    missing = [str(p) for p in paths or [] if not p.exists()]
    if missing:
        fail(f"PATH: no such file or folder: {', '.join(missing)}", as_json=as_json)
    report = Tillage().ingest(list(paths or []), progress=not as_json)
    if as_json:
        emit_json(report.model_dump(mode="json"))
        return
    summary = report.model_dump(exclude={"unmatched", "problems", "warnings", "attachments_ignored"})
    table("Ingested", ["what", "count"], [(k, v) for k, v in summary.items() if isinstance(v, int)])
    for item in report.unmatched:
        console.print(f"[yellow]unmatched[/yellow] {item.source}: {item.reason}", highlight=False)
    for line in [*report.problems, *report.warnings, *report.attachments_ignored]:
        console.print(f"[yellow]note[/yellow] {line}", highlight=False)


def search_command(
    query: Annotated[str, typer.Argument(help="What to look for, in Chinese or English.")],
    user: Annotated[str, typer.Option("--user", help="E-mail of the requesting user.")],
    account: Annotated[str | None, typer.Option(help="Only this account (name or id).")] = None,
    kind: Annotated[str | None, typer.Option(help="meeting_note or email.")] = None,
    since: Annotated[str | None, typer.Option(help="Documents on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Documents on or before this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many chunks to return.")] = 10,
    mode: Annotated[str, typer.Option(help="hybrid, dense or keyword.")] = "hybrid",
    as_json: JsonOption = False,
) -> None:
    """Search the notes and e-mails of the accounts you may see (dense + BM25, fused by reciprocal rank)."""
    if mode not in ("hybrid", "dense", "keyword"):
        fail(f"--mode: expected hybrid, dense or keyword, got {mode!r}", as_json=as_json)
    search_mode: Literal["hybrid", "dense", "keyword"] = mode  # type: ignore[assignment]
    try:
        result = Tillage().search_documents(
            query,
            user_email=user,
            account=account,
            kind=kind,
            since=parse_date(since, as_json=as_json, option="--since"),
            until=parse_date(until, as_json=as_json, option="--until"),
            k=limit,
            mode=search_mode,
        )
    except AmbiguousError as exc:
        fail(str(exc), as_json=as_json, details={"candidates": exc.candidates})
    except (ToolError, UnknownUserError) as exc:
        fail(str(exc), as_json=as_json)
    if as_json:
        emit_json(result.model_dump(mode="json", exclude={"hits": {"__all__": {"text"}}}))
        return
    table(
        f"{len(result.hits)} result(s) for {query!r}",
        ["#", "document", "account", "date", "score", "snippet"],
        [(h.rank, h.document_id, h.account_id, h.date, f"{h.score:.4f}", h.snippet) for h in result.hits],
    )


def register(app: typer.Typer) -> None:
    """Add ``tillage ingest`` and ``tillage search``."""
    app.command("ingest")(ingest_command)
    app.command("search")(search_command)
