"""``tillage brief ACCOUNT`` (manager briefing) and ``tillage draft ACCOUNT`` (follow-up e-mail, saved, never sent)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, TypeVar

import typer

from assistant.cli.output import emit_json, fail, parse_date
from assistant.service import Tillage
from assistant.service.public import AmbiguousError, ToolError, UnknownUserError

T = TypeVar("T")

UserOption = Annotated[str, typer.Option("--user", help="E-mail of the requesting user.")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD) to report as of; default today.")]
AccountArg = Annotated[str, typer.Argument(help="Account id, name or alias.")]


class Format(StrEnum):
    """Output format of ``tillage brief``."""

    MD = "md"
    JSON = "json"


class Language(StrEnum):
    """Language of the Markdown briefing."""

    ZH = "zh"
    EN = "en"


def _call(as_json: bool, run: Callable[[Tillage], T]) -> T:
    service = Tillage()
    try:
        return run(service)
    except AmbiguousError as exc:
        fail(str(exc), as_json=as_json, details={"candidates": exc.candidates})
    except (ToolError, UnknownUserError) as exc:
        fail(str(exc), as_json=as_json)
    finally:
        service.close()


def brief_command(
    account: AccountArg,
    user: UserOption,
    as_of: AsOfOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="md: Markdown for people; json: one JSON document.")
    ] = Format.MD,
    lang: Annotated[
        Language | None, typer.Option("--lang", help="Language of the briefing; default the customer's.")
    ] = None,
) -> None:
    """Manager briefing: profile, tier, health, risks, C139 of open deals, power map, tree, sentiment, next actions."""
    as_json = fmt is Format.JSON
    day = parse_date(as_of, as_json=as_json)
    language = lang.value if lang else None
    if as_json:
        result = _call(True, lambda s: s.brief(account, user_email=user, as_of=day, language=language))
        emit_json(result.model_dump(mode="json"))
        return
    text = _call(False, lambda s: s.brief_markdown(account, user_email=user, as_of=day, language=language))
    typer.echo(text, nl=False)


def draft_command(
    account: AccountArg,
    user: UserOption,
    opportunity: Annotated[str | None, typer.Option("--opportunity", help="Opportunity id or name.")] = None,
    about: Annotated[str | None, typer.Option("--about", help="A topic to weave into the e-mail.")] = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")] = False,
) -> None:
    """Write a follow-up e-mail draft (recap, next steps, asks that close C139 gaps) and SAVE it; nothing is sent."""
    day = parse_date(as_of, as_json=as_json)
    result = _call(
        as_json, lambda s: s.draft(account, user_email=user, opportunity=opportunity, about=about, as_of=day)
    )
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    typer.echo(f"To: {', '.join(result.to) or '(no recipient with an e-mail)'}")
    typer.echo(f"Subject: {result.subject}")
    typer.echo("")
    typer.echo(result.body, nl=False)
    typer.echo("")
    source = f" from meeting note {result.source_document_id}" if result.source_document_id else ""
    typer.echo(
        f"Draft {result.id} saved{source} ({result.language}). "
        "It was NOT sent: copy it into your mail client when ready."
    )


def register(app: typer.Typer) -> None:
    """Add ``brief`` and ``draft`` to the CLI."""
    app.command("brief")(brief_command)
    app.command("draft")(draft_command)
