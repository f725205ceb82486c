"""``tillage score rfm|health|risk TARGET``, ``tillage risk sweep|undo``, ``tillage portfolio``.

Not-found, not-visible and ambiguous targets, unknown users and forbidden actions exit with code 2
(ambiguous names list the candidates); other tool errors (e.g. undoing twice) exit with code 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from assistant.cli.output import emit_json, fail, parse_date, table
from assistant.cli.score_group import attach, score_app
from assistant.service import Tillage
from assistant.service.public import (
    AmbiguousError,
    HealthResult,
    NotFoundError,
    PermissionDeniedError,
    PortfolioResult,
    RfmResult,
    RiskResult,
    SweepReport,
    ToolError,
    UndoReport,
    UnknownUserError,
)

R = TypeVar("R")

TargetArg = Annotated[str, typer.Argument(help="Account name, alias or id.")]
UserOption = Annotated[str, typer.Option("--user", help="E-mail of the requesting user.")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Compute as of this date (YYYY-MM-DD); default today.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]

risk_app = typer.Typer(name="risk", help="The automatic risk sweep and its undo.", no_args_is_help=True)


def _run(as_json: bool, call: Callable[[], R], render: Callable[[R], None]) -> None:
    try:
        result = call()
    except AmbiguousError as exc:
        fail(str(exc), as_json=as_json, details={"candidates": exc.candidates})
    except (NotFoundError, PermissionDeniedError, UnknownUserError) as exc:
        fail(str(exc), as_json=as_json)
    except ToolError as exc:
        fail(str(exc), code=1, as_json=as_json)
    if as_json:
        emit_json(result)
    else:
        render(result)


def _rfm(r: RfmResult) -> None:
    last = f"{r.last_order_id} on {r.last_order_date} ({r.r_days} days)" if r.last_order_id else "no paid order"
    quarters = ", ".join(f"{q.quarter}: {q.paid_orders}" for q in r.f_quarters)
    table(
        f"RFM {r.account_name} ({r.account_id}) as of {r.as_of}",
        ["item", "value"],
        [
            ("R", f"{r.r}  (last paid order {last})"),
            ("F", f"{r.f}  ({r.f_orders_per_quarter:g} paid orders/quarter; {quarters})"),
            ("M", f"{r.m}  (paid {r.m_amount:,.2f}; {r.m_mode} edges {', '.join(f'{e:,.2f}' for e in r.m_edges)})"),
            ("segment", f"{r.segment_zh} {r.segment_en}"),
            ("tier", r.tier),
        ],
    )


def _health(h: HealthResult) -> None:
    rows = [
        (i.name, "missing" if i.score is None else f"{i.score:g}", f"{i.weight:g}", i.formula) for i in h.indicators
    ]
    title = (
        f"Health {h.account_name} ({h.account_id}) as of {h.as_of}: {h.score:g} {h.band}, confidence {h.confidence:g}"
    )
    table(title, ["indicator", "score", "weight", "formula"], rows)


def _risk(r: RiskResult) -> None:
    rows: list[tuple[Any, ...]] = [(s.severity, s.kind, s.summary) for s in r.signals]
    rows += [
        (a.severity, f"action #{a.id} {a.kind}", "undone" if a.undone_at else f"by sweep of {a.as_of}")
        for a in r.actions_taken
    ]
    table(f"Risk {r.account_name} ({r.account_id}) as of {r.as_of}: {r.level}", ["severity", "signal", "detail"], rows)


@score_app.command("rfm")
def rfm_command(target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """RFM scores, segment (重要价值 ... 需唤醒) and tier A-D of an account."""
    day = parse_date(as_of, as_json=as_json)
    _run(as_json, lambda: Tillage().score_rfm(user_email=user, account=target, as_of=day), _rfm)


@score_app.command("health")
def health_command(target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Health index 0-100 of an account: twelve indicators, band, confidence."""
    day = parse_date(as_of, as_json=as_json)
    _run(as_json, lambda: Tillage().score_health(user_email=user, account=target, as_of=day), _health)


@score_app.command("risk")
def risk_command(target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Risk level, signals with evidence, and the sweep's actions for an account."""
    day = parse_date(as_of, as_json=as_json)
    _run(as_json, lambda: Tillage().score_risk(user_email=user, account=target, as_of=day), _risk)


def _sweep(report: SweepReport) -> None:
    rows = [(a.id, a.account_id, a.kind, a.trigger, a.severity, a.summary) for a in report.actions]
    title = (
        f"Risk sweep as of {report.as_of}: {len(report.actions)} new actions, "
        f"{report.already_recorded} already recorded, {report.accounts_scanned} accounts scanned"
    )
    table(title, ["id", "account", "action", "trigger", "severity", "summary"], rows)


@risk_app.command("sweep")
def sweep_command(as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Scan every account and take the automatic actions once (status, frozen quotes, tasks, alerts)."""
    day = parse_date(as_of, as_json=as_json)
    _run(as_json, lambda: Tillage().risk_sweep(as_of=day), _sweep)


def _undo(report: UndoReport) -> None:
    rows = [(k, v, "restored") for k, v in report.restored.items()]
    rows += [(k, v, "left alone: changed since") for k, v in report.skipped.items()]
    table(f"Undid risk action {report.action_id} ({report.kind}) on {report.account_id}", ["field", "value", ""], rows)


@risk_app.command("undo")
def undo_command(
    action_id: Annotated[int, typer.Argument(help="Id of the risk action (from the sweep or the risk scan).")],
    user: Annotated[str, typer.Option("--user", help="E-mail of the manager or admin undoing it.")],
    as_json: JsonOption = False,
) -> None:
    """Reverse one automatic action of the risk sweep (managers and admins)."""
    _run(as_json, lambda: Tillage().risk_undo(user_email=user, action_id=action_id), _undo)


def _portfolio(p: PortfolioResult) -> None:
    rows = [
        (r.account_id, r.name, r.tier, r.segment, f"{r.r}{r.f}{r.m}", f"{r.health:g} {r.band}", r.risk_level,
         "never" if r.key_contact_days is None else r.key_contact_days)
        for r in p.rows
    ]  # fmt: skip
    title = f"Portfolio as of {p.as_of}: {p.matched} of {p.visible_accounts} accounts, by {p.sort_by}"
    table(title, ["id", "name", "tier", "segment", "RFM", "health", "risk", "key contact days"], rows)


def portfolio_command(
    user: UserOption,
    at_risk: Annotated[bool, typer.Option("--at-risk", help="Only risk level >= medium or health at risk.")] = False,
    tier: Annotated[list[str] | None, typer.Option("--tier", help="Keep these tiers (repeatable).")] = None,
    segment: Annotated[list[str] | None, typer.Option("--segment", help="Keep these segment codes.")] = None,
    band: Annotated[list[str] | None, typer.Option("--band", help="Keep these health bands.")] = None,
    min_risk: Annotated[str | None, typer.Option("--min-risk", help="low, medium or high.")] = None,
    no_key_contact_days: Annotated[
        int | None, typer.Option("--no-key-contact-days", help="Last key-person contact more than N days ago or never.")
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help="health, risk, r, f, m, rfm, m_amount, ... or name.")] = "health",
    descending: Annotated[bool | None, typer.Option("--desc/--asc", help="Order (default: natural per key).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most N rows (default 50).")] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Your accounts with RFM, health and risk, filtered and ranked."""
    day = parse_date(as_of, as_json=as_json)
    _run(
        as_json,
        lambda: Tillage().portfolio(
            user_email=user, as_of=day, at_risk=at_risk, tiers=tier, segments=segment, bands=band, min_risk=min_risk,
            no_key_contact_days=no_key_contact_days, sort_by=sort, descending=descending, limit=limit,
        ),
        _portfolio,
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``score rfm|health|risk`` (shared score group), ``risk sweep|undo`` and ``portfolio``."""
    attach(app)
    app.add_typer(risk_app, name="risk")
    app.command("portfolio")(portfolio_command)
