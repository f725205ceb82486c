"""``tillage demo``: build the demo world, optionally export it, and show what the assistant does."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.text import Text

from assistant.cli.output import console, emit_json, table
from assistant.service import Tillage
from assistant.service.public import MIN_ACCOUNTS


def demo_command(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same world.")] = 7,
    accounts: Annotated[int, typer.Option(min=MIN_ACCOUNTS, help="Number of accounts (100000 for benchmarks).")] = 120,
    export: Annotated[Path | None, typer.Option(help="Also write the world in the import format to DIR.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")] = False,
    tour: Annotated[
        bool, typer.Option("--tour/--no-tour", help="Index the documents and ask a few questions as the demo users.")
    ] = True,
) -> None:
    """Build the deterministic bilingual demo company (replaces the database content) and tour it."""
    service = Tillage()
    with console.status("building the demo world ...", spinner="dots") if not as_json else nullcontext():
        summary = service.build_demo(seed=seed, accounts=accounts)
    if export is not None:
        service.export_data(export)
    answers = []
    if tour:
        # The tour searches the notes and e-mails, so they are indexed first (unchanged ones are skipped).
        service.index_documents(progress=not as_json)
        answers = service.demo_tour(summary)
    service.close()
    if as_json:
        emit_json(
            {
                "summary": summary.model_dump(mode="json"),
                "exported_to": str(export) if export else None,
                "tour": [{"user": u, "question": q, "reply": r.model_dump(mode="json")} for u, q, r in answers],
            }
        )
        return
    table("Demo world", ["table", "rows"], sorted(summary.counts.items()))
    table("Users", ["email", "name", "role"], [(u.email, u.name, u.role) for u in summary.users])
    if export is not None:
        console.print(f"exported in the import format to [bold]{export}[/bold]")
    console.print(f"database: {service.settings.resolved_database_url}")
    if answers:
        console.rule("A short tour: tillage ask --user EMAIL QUESTION")
    for user, question, reply in answers:
        console.print(Panel(Text(reply.answer), title=f"{user}: {question}", title_align="left", expand=False))


def register(app: typer.Typer) -> None:
    """Add ``tillage demo``."""
    app.command("demo")(demo_command)
