"""``tillage sentiment TARGET``: sentiment review of a meeting note / e-mail or of an account's documents."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from assistant.cli.output import console, emit_json, fail, parse_date, table
from assistant.service import Tillage
from assistant.service.public import AccountSentiment, DocumentSentiment, SentimentResult, ToolError, UnknownUserError

JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]
UserOption = Annotated[str, typer.Option("--user", help="E-mail of the requesting user.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD) the account trend ends on; default today.")
]
MonthsOption = Annotated[int, typer.Option("--months", min=1, max=120, help="Months in the account trend.")]


def _show_common(result: SentimentResult | AccountSentiment) -> None:
    if result.topics:
        table("Topics", ["topic", "mentions", "score"], [(t.topic, t.count, f"{t.score:+.2f}") for t in result.topics])
    if result.sentences:
        table(
            "Sentences that carry the score",
            ["score", "sentence", "terms", "document"],
            [
                (
                    f"{s.score:+.2f}",
                    s.text,
                    ", ".join(f"{h.term} {h.contribution:+.2f}" for h in s.terms),
                    s.document_id or "",
                )
                for s in result.sentences
            ],
        )


def _show(result: DocumentSentiment | AccountSentiment) -> None:
    if isinstance(result, AccountSentiment):
        console.print(
            f"[bold]{result.account_name}[/bold] ({result.account_id}) {result.from_month}..{result.to_month}: "
            f"{result.label} {result.score:+.2f} over {result.document_count} documents",
            highlight=False,
        )
        table(
            "Monthly trend",
            ["month", "score", "documents", "moved by"],
            [
                (
                    m.month,
                    f"{m.score:+.2f}",
                    m.document_count,
                    ", ".join(f"{d.document_id} {d.contribution:+.2f}" for d in m.documents),
                )
                for m in result.trend
            ],
        )
    else:
        console.print(
            f"[bold]{result.document_id}[/bold] {result.subject or ''}: {result.label} {result.score:+.2f} "
            f"({result.language}, {result.sentence_count} sentences)",
            highlight=False,
        )
    _show_common(result)


def sentiment_command(
    target: Annotated[str, typer.Argument(help="A document id, or an account id, name or alias.")],
    user: UserOption,
    as_of: AsOfOption = None,
    months: MonthsOption = 12,
    as_json: JsonOption = False,
) -> None:
    """Sentiment review: score -1..1, label, carrying sentences, topics; for an account the monthly trend."""
    day = parse_date(as_of, as_json=as_json) or date.today()
    service = Tillage()
    try:
        result = service.sentiment_review(target, user_email=user, as_of=day, months=months)
    except (ToolError, UnknownUserError) as exc:
        fail(str(exc), as_json=as_json)
    finally:
        service.close()
    if as_json:
        emit_json(result.model_dump(mode="json"))
    else:
        _show(result)


def register(app: typer.Typer) -> None:
    """Add ``sentiment`` to the CLI."""
    app.command("sentiment")(sentiment_command)
