"""Set-up commands: ``db upgrade``, ``demo``, ``import``, ``users list``, ``accounts list``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.output import emit_json, fail, table
from assistant.service import Tillage
from assistant.service.public import UnknownUserError

JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]
UserOption = Annotated[str, typer.Option("--user", help="E-mail of the requesting user.")]

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
users_app = typer.Typer(help="Users of the sales organisation.", no_args_is_help=True)
accounts_app = typer.Typer(help="Customer accounts.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(as_json: JsonOption = False) -> None:
    """Apply all database migrations."""
    service = Tillage(migrate=False)
    service.migrate()
    if as_json:
        emit_json({"upgraded": True, "revision": service.schema_revision()})
    else:
        typer.echo(f"database at revision {service.schema_revision()}")


@users_app.command("list")
def users_list(as_json: JsonOption = False) -> None:
    """List every user with role, manager and team."""
    users = Tillage().list_users()
    rows = [u.model_dump(include={"id", "email", "name", "role", "manager_id", "team", "slack_user_id"}) for u in users]
    if as_json:
        emit_json({"users": rows})
        return
    table(
        "Users",
        ["id", "email", "name", "role", "manager", "team"],
        [(r["id"], r["email"], r["name"], r["role"], r["manager_id"], r["team"]) for r in rows],
    )


@accounts_app.command("list")
def accounts_list(user: UserOption, as_json: JsonOption = False) -> None:
    """List the accounts this user may see (domain.md section 14)."""
    try:
        accounts = Tillage().list_accounts(user_email=user)
    except UnknownUserError as exc:
        fail(str(exc), as_json=as_json)
    fields = {"id", "name", "owner_id", "parent_id", "industry", "region", "status", "tier"}
    rows = [a.model_dump(include=fields) for a in accounts]
    if as_json:
        emit_json({"user": user, "count": len(rows), "accounts": rows})
        return
    table(
        f"Accounts visible to {user} ({len(rows)})",
        ["id", "name", "owner", "industry", "region", "status"],
        [(r["id"], r["name"], r["owner_id"], r["industry"], r["region"], r["status"]) for r in rows],
    )


def import_command(
    directory: Annotated[Path, typer.Argument(help="Folder with users.csv, accounts.csv, ... and documents/.")],
    as_json: JsonOption = False,
) -> None:
    """Import CRM data in the Tillage import format: all or nothing, idempotent."""
    if not directory.is_dir():
        fail(f"not a directory: {directory}", as_json=as_json)
    report = Tillage().import_directory(directory)
    if as_json:
        emit_json(report.model_dump(mode="json"))
    else:
        for warning in report.warnings:
            typer.echo(f"warning: {warning}", err=True)
        for issue in report.errors:
            typer.echo(str(issue), err=True)
        if report.ok:
            table(
                "Imported",
                ["file", "inserted", "updated", "unchanged"],
                [
                    (name, c.get("inserted", 0), c.get("updated", 0), c.get("unchanged", 0))
                    for name, c in sorted(report.counts.items())
                ],
            )
        else:
            typer.echo(f"import failed: {len(report.errors)} problem(s); nothing was changed", err=True)
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the set-up commands to the ``tillage`` app."""
    app.add_typer(db_app, name="db")
    app.add_typer(users_app, name="users")
    app.add_typer(accounts_app, name="accounts")
    app.command("import")(import_command)
