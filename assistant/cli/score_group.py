"""The shared ``tillage score`` command group: scoring areas add their commands to ``score_app``.

Each scoring CLI module imports :data:`score_app`, defines its commands on it and calls
:func:`attach` from its ``register``; the group is added to the root app only once.
"""

from __future__ import annotations

import typer

score_app = typer.Typer(
    name="score",
    help="Deterministic scores and findings (C139, power map, tree, qualification, leads, RFM, health, risk, ...).",
    no_args_is_help=True,
)

_attached: set[int] = set()


def attach(app: typer.Typer) -> None:
    """Add the ``score`` group to ``app`` (idempotent, so every scoring area may call it)."""
    if id(app) in _attached:
        return
    app.add_typer(score_app, name="score")
    _attached.add(id(app))
