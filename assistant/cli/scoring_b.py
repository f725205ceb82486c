"""``tillage score c139|power-map|tree|qualify|lead|duplicates|actions TARGET --user EMAIL``.

Not-found, not-visible and ambiguous targets exit with code 2 (ambiguous names list candidates).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

import typer

from assistant.cli.output import emit_json, fail, parse_date, table
from assistant.cli.score_group import attach, score_app
from assistant.service import Tillage
from assistant.service.public import AmbiguousError, ToolError, ToolResult, UnknownUserError

R = TypeVar("R", bound=ToolResult)

TargetArg = Annotated[str, typer.Argument(help="Name or id of the target.")]
UserOption = Annotated[str, typer.Option("--user", help="E-mail of the requesting user.")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Date to compute as of (YYYY-MM-DD); default today.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]


def _run(as_json: bool, as_of: str | None, call: Callable[[date | None], R], render: Callable[[R], None]) -> None:
    """Parse --as-of, call the service with that day, then print JSON or tables; tool errors exit 2."""
    day = parse_date(as_of, as_json=as_json)
    try:
        result = call(day)
    except AmbiguousError as exc:
        fail(str(exc), as_json=as_json, details={"candidates": exc.candidates})
    except (ToolError, UnknownUserError) as exc:
        fail(str(exc), as_json=as_json)
    if as_json:
        emit_json(result)
    else:
        render(result)


def _kv(title: str, pairs: list[tuple[str, Any]]) -> None:
    table(title, ["item", "value"], pairs)


@score_app.command("c139")
def c139_command(target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """C139 of an open opportunity: coverage, value proposition, key persons, competitive factors, gaps."""

    def render(r: Any) -> None:
        _kv(
            f"C139 {r.opportunity_name} ({r.opportunity_id}) as of {r.as_of}",
            [
                ("total", r.total),
                ("C coverage", r.coverage),
                ("1 value proposition", r.value_proposition),
                ("3 key persons", r.key_persons),
                ("9 competitive", r.competitive),
                ("unknown factors", ", ".join(r.unknown_factors)),
            ],
        )
        table(
            "Gaps",
            ["part", "score", "finding", "subject", "action"],
            [(g.part, g.score, a.finding, a.subject, a.action_en) for g in r.gaps for a in g.actions],
        )

    _run(as_json, as_of, lambda day: Tillage().score_c139(user_email=user, opportunity=target, as_of=day), render)


@score_app.command("power-map")
def power_map_command(
    target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False
) -> None:
    """Power map of an account: contacts by role and layer, and findings."""

    def render(r: Any) -> None:
        table(
            f"Power map {r.account_name} ({r.account_id}) as of {r.as_of}",
            ["role", "contact", "layer", "influence", "stance", "strength", "last met"],
            [
                (role, f"{c.name} ({c.id})", c.layer, c.influence, c.stance, c.strength, c.last_met)
                for role, cs in r.by_role.items()
                for c in cs
            ],
        )
        table(
            "Layers",
            ["layer", "contacts", "mean strength"],
            [(x.layer, len(x.contacts), x.mean_strength) for x in r.layers],
        )
        table(
            "Findings",
            ["finding", "subject", "action"],
            [(f.finding, f.subject, f.action.action_en) for f in r.findings],
        )

    _run(as_json, as_of, lambda day: Tillage().score_power_map(user_email=user, account=target, as_of=day), render)


@score_app.command("tree")
def tree_command(target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Customer tree: penetration, white space and cross-sell for a group or subsidiary."""

    def render(r: Any) -> None:
        _kv(
            f"Customer tree of {r.account_name} ({r.account_id}) as of {r.as_of}",
            [
                ("group", r.group_name or "(not visible)" if r.in_tree else "(not in a tree)"),
                ("penetration %", r.penetration),
                ("subsidiaries", r.total_subsidiaries),
                ("with business", r.with_business),
                ("white space", ", ".join(s.name for s in r.white_space)),
                ("white space not visible to you", r.hidden_white_space),
            ],
        )
        table(
            "Cross-sell",
            ["product", "bought by", "amount", "references"],
            [(c.product, c.bought_by, c.amount, ", ".join(x.name for x in c.references)) for c in r.cross_sell],
        )

    _run(as_json, as_of, lambda day: Tillage().score_tree(user_email=user, account=target, as_of=day), render)


@score_app.command("qualify")
def qualify_command(target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Key-account qualification: seven weighted dimensions and grade A/B/C."""

    def render(r: Any) -> None:
        table(
            f"Qualification {r.account_name} ({r.account_id}): {r.score} grade {r.grade}",
            ["dimension", "weight", "score", "value", "rule"],
            [(d.name, d.weight, "unknown" if d.unknown else d.score, d.value, d.rule) for d in r.dimensions],
        )

    _run(as_json, as_of, lambda day: Tillage().score_qualification(user_email=user, account=target, as_of=day), render)


@score_app.command("lead")
def lead_command(target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Lead score: 30% attribute fit + 40% behaviour + 30% predicted conversion."""

    def render(r: Any) -> None:
        _kv(
            f"Lead {r.company} ({r.lead_id}) as of {r.as_of}",
            [
                ("score", r.score),
                ("attribute", r.attribute),
                ("behaviour", r.behaviour),
                ("predicted", r.predicted),
                ("fallback", r.fallback_reason or "no (model)"),
            ],
        )

    _run(as_json, as_of, lambda day: Tillage().score_lead(user_email=user, lead=target, as_of=day), render)


@score_app.command("duplicates")
def duplicates_command(
    target: TargetArg,
    user: UserOption,
    lead: Annotated[bool, typer.Option("--lead", help="TARGET is a lead: check its company.")] = False,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Duplicate check (撞单): accounts that may be the same customer, with their owners."""

    def render(r: Any) -> None:
        table(
            f"Possible duplicates of {r.target_name} ({r.target_id})",
            ["account", "owner", "reason", "shared"],
            [
                (f"{c.account_name} ({c.account_id or 'not visible'})", c.owner_name, c.reason, "; ".join(c.shared))
                for c in r.candidates
            ],
        )

    _run(
        as_json,
        as_of,
        lambda day: Tillage().score_duplicates(user_email=user, target=target, lead=lead, as_of=day),
        render,
    )


@score_app.command("actions")
def actions_command(target: TargetArg, user: UserOption, as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """Ranked next best actions for an account, with reason, evidence and expected effect."""

    def render(r: Any) -> None:
        table(
            f"Next best actions for {r.account_name} ({r.account_id}) as of {r.as_of}",
            ["#", "priority", "finding", "reason", "action"],
            [(a.rank, a.priority, a.finding, a.reason, a.action_en) for a in r.actions],
        )

    _run(as_json, as_of, lambda day: Tillage().next_best_actions(user_email=user, account=target, as_of=day), render)


def register(app: typer.Typer) -> None:
    """Add the part-B scoring commands (under ``tillage score``)."""
    attach(app)
