"""``tillage keys create|list|revoke``: API keys of the HTTP API. A new key is printed once, never again."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.output import console, emit_json, err_console, fail, table
from assistant.service import Tillage
from assistant.service.public import ApiKeyInfo, UnknownUserError

keys = typer.Typer(
    help="API keys of the HTTP API (stored hashed; a key is shown only when created).", no_args_is_help=True
)
JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]
UserOption = Annotated[str, typer.Option("--user", help="E-mail of the key's user.")]


def _when(info: ApiKeyInfo) -> tuple[str, str, str]:
    def fmt(value: object) -> str:
        return "" if value is None else str(value)[:19].replace("T", " ")

    return fmt(info.created_at), fmt(info.last_used_at), fmt(info.revoked_at)


@keys.command("create")
def create(user: UserOption, as_json: JsonOption = False) -> None:
    """Create a key for USER and print it (the only time it is shown)."""
    service = Tillage()
    try:
        new = service.create_api_key(user_email=user)
    except UnknownUserError as exc:
        fail(str(exc), as_json=as_json)
    finally:
        service.close()
    if as_json:
        emit_json({"key": new.key, "token": new.token})
        return
    # The notice goes to stderr so that stdout is exactly the key (``KEY=$(tillage keys create ...)``).
    err_console.print(f"API key for {new.key.user_email} (id {new.key.id}). Store it now: it is not shown again.")
    typer.echo(new.token)


@keys.command("list")
def list_keys(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's keys.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List keys (id, prefix, user, dates); secrets are never shown."""
    service = Tillage()
    try:
        found = service.list_api_keys(user_email=user)
    except UnknownUserError as exc:
        fail(str(exc), as_json=as_json)
    finally:
        service.close()
    if as_json:
        emit_json({"keys": found})
        return
    rows = [(k.id, k.prefix, k.user_email, *_when(k)) for k in found]
    table("API keys", ["id", "prefix", "user", "created", "last used", "revoked"], rows)


@keys.command("revoke")
def revoke(
    key: Annotated[str, typer.Argument(help="The key's id or tlg_<id> prefix.")],
    user: UserOption,
    as_json: JsonOption = False,
) -> None:
    """Revoke one of USER's keys; requests with it are refused from now on."""
    service = Tillage()
    try:
        info = service.revoke_api_key(key, user_email=user)
    except (UnknownUserError, LookupError) as exc:
        fail(str(exc).strip("'\""), as_json=as_json)
    finally:
        service.close()
    if as_json:
        emit_json({"key": info})
        return
    console.print(f"revoked {info.prefix} of {info.user_email} at {_when(info)[2]}")


def register(app: typer.Typer) -> None:
    """Add ``keys``."""
    app.add_typer(keys, name="keys")
