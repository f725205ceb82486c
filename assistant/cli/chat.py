"""``tillage ask`` (one question) and ``tillage chat`` (interactive), both through the service."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.panel import Panel
from rich.text import Text

from assistant.cli.output import console, emit_json, fail
from assistant.service import Tillage
from assistant.service.public import AgentError, Reply, UnknownUserError

JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]
UserOption = Annotated[str, typer.Option("--user", help="E-mail of the requesting (authenticated) user.")]
ThreadOption = Annotated[str | None, typer.Option("--thread", help="Continue this conversation thread.")]
EXIT_WORDS = {"exit", "quit", ":q", "退出"}


def _payload(reply: Reply) -> dict[str, object]:
    return reply.model_dump(mode="json")


def _show(reply: Reply) -> None:
    console.print(Panel(Text(reply.answer), title=f"tillage · {reply.model}", expand=False))
    tools = ", ".join(f"{c.name}({', '.join(f'{k}={v}' for k, v in c.args.items())})" for c in reply.tool_calls)
    footer = f"thread {reply.thread} · tokens {reply.usage.prompt_tokens}+{reply.usage.completion_tokens}"
    if tools:
        footer += f" · tools {tools}"
    console.print(footer, style="dim", highlight=False)


def ask_command(
    question: Annotated[str, typer.Argument(help="The question, in English or Chinese.")],
    user: UserOption,
    thread: ThreadOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ask the assistant one question about your accounts."""
    service = Tillage()
    try:
        reply = service.ask(question, user_email=user, thread=thread)
    except UnknownUserError as exc:
        fail(str(exc), as_json=as_json)
    except ValueError as exc:
        fail(str(exc), as_json=as_json)
    except AgentError as exc:
        fail(str(exc), code=1, as_json=as_json)
    finally:
        service.close()
    if as_json:
        emit_json(_payload(reply))
    else:
        _show(reply)


def chat_command(user: UserOption, thread: ThreadOption = None) -> None:
    """Talk with the assistant; one thread for the session. Type exit (or Ctrl-D) to leave."""
    service = Tillage()
    try:
        service.user(user)
    except UnknownUserError as exc:
        service.close()
        fail(str(exc))
    interactive = sys.stdin.isatty()
    if interactive:
        console.print("Tillage chat. Type [bold]exit[/bold] to leave.", highlight=False)
    try:
        while True:
            try:
                line = console.input("[bold]you>[/bold] ") if interactive else input()
            except EOFError:
                break
            text = line.strip()
            if not text:
                continue
            if text.lower() in EXIT_WORDS:
                break
            try:
                reply = service.ask(text, user_email=user, thread=thread)
            except (ValueError, AgentError) as exc:
                console.print(f"[red]error:[/red] {exc}", highlight=False)
                continue
            thread = reply.thread
            _show(reply)
    finally:
        service.close()


def register(app: typer.Typer) -> None:
    """Add ``ask`` and ``chat`` to the ``tillage`` command."""
    app.command("ask")(ask_command)
    app.command("chat")(chat_command)
