"""The ``tillage`` command line. Each area registers its commands from its own module."""

from __future__ import annotations

import importlib
import logging
import os

import typer

from assistant.settings import SettingsError, get_settings

app = typer.Typer(
    name="tillage",
    help="Tillage: an AI assistant for key-account sales teams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register(area: str) -> None:
    module = importlib.import_module(f"assistant.cli.{area}")
    module.register(app)


# cli-areas: each area adds one line `_register("<area>")` below this one.
_register("search")
_register("briefing")
_register("scoring")
_register("scoring_b")
_register("serve")
_register("keys")
_register("sentiment")
_register("evals")
_register("chat")
_register("admin")
_register("demo")


def main() -> None:
    """Console-script entry point: validate settings first so bad configuration fails clearly."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        settings = get_settings()
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    # bm25s pins its own logger to DEBUG at import, which would bypass the level chosen here.
    logging.getLogger("bm25s").setLevel(settings.log_level)
    app()


if __name__ == "__main__":
    main()
