"""CLI-area test harness: a service on the test's TILLAGE_HOME with a world built in, and a root app
holding only the areas under test (so one area's commands are tested without the others)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import typer
from sqlmodel import Session
from typer.testing import CliRunner

from assistant.service import Tillage


def service_with(build: Callable[[Session], object]) -> Iterator[Tillage]:
    """A ``Tillage`` whose database holds what ``build(session)`` wrote; closed after use (a fixture body)."""
    tillage = Tillage()
    with Session(tillage.engine, expire_on_commit=False) as session:
        build(session)
    yield tillage
    tillage.close()


def area_app(*registers: Callable[[typer.Typer], None]) -> typer.Typer:
    """A root Typer app with only the CLI areas whose ``register`` functions are given."""
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    for register in registers:
        register(app)
    return app


def invoke(cli: typer.Typer, *args: str) -> tuple[int, str]:
    """Run ``cli`` with ``args``: (exit code, stdout)."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout
