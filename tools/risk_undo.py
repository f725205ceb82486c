"""Undo one automatic risk-sweep action (domain.md 6: "reversible by a manager").

Only managers (for accounts they may see) and admins may undo; a rep gets PermissionDeniedError.
The before-state is restored field by field, but only where the record still holds the value the
sweep wrote: a quote someone has since re-priced or a task already completed is left alone and
reported under ``skipped``. The action keeps its row with ``undone_at``/``undone_by`` set, so the
next sweep does not apply it again. Undoing an undone action is an error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import Field
from sqlmodel import Session

from assistant.crm.access import can_see_account
from assistant.crm.enums import Role
from assistant.crm.models import Account, AuditEntry, Quote, Task, User
from assistant.crm.risk_models import RiskAction
from tools.base import Evidence, NotFoundError, PermissionDeniedError, ToolError, ToolResult


class UndoReport(ToolResult):
    """What an undo restored, and what it left alone because the record had changed since."""

    action_id: int
    account_id: str
    kind: str
    trigger: str
    restored: dict[str, Any] = Field(description="Fields set back to their before-state.")
    skipped: dict[str, Any] = Field(
        description="Fields left alone: the current value differs from what the sweep wrote."
    )
    undone_at: datetime
    undone_by: str


def undo(session: Session, *, action_id: int, user: User, now: datetime | None = None) -> UndoReport:
    """Reverse risk action ``action_id``: restore the account status, unfreeze the quotes, cancel the
    task, or dismiss the alert. Managers (own team's accounts) and admins only."""
    if user.role not in (Role.MANAGER, Role.ADMIN):
        raise PermissionDeniedError("only managers and admins may undo risk-sweep actions")
    action = session.get(RiskAction, action_id)
    if action is None or not can_see_account(session, user=user, account_id=action.account_id):
        raise NotFoundError("risk action", str(action_id))
    if action.undone_at is not None:
        raise ToolError(
            f"risk action {action_id} was already undone at {action.undone_at.isoformat()} by {action.undone_by}"
        )
    stamp = now or datetime.now(UTC)
    restored, skipped = _restore(session, action)
    action.undone_at, action.undone_by = stamp, user.id
    session.add(action)
    session.add(
        AuditEntry(
            at=stamp,
            user_id=user.id,
            action=f"risk_undo.{action.kind}",
            request=f"undo risk action {action_id}",
            tool_calls=[{"tool": "undo", "args": {"action_id": action_id}}],
            writes=[{"table": "risk_actions", "id": action_id, "restored": restored, "skipped": skipped}],
        )
    )
    session.flush()
    return UndoReport(
        action_id=action_id,
        account_id=action.account_id,
        kind=action.kind,
        trigger=action.trigger,
        restored=restored,
        skipped=skipped,
        undone_at=stamp,
        undone_by=user.id,
        evidence=[Evidence(record="risk_action", id=str(action_id), values={"key": action.key})],
    )


def _restore(session: Session, action: RiskAction) -> tuple[dict[str, Any], dict[str, Any]]:
    restored: dict[str, Any] = {}
    skipped: dict[str, Any] = {}
    before, after = action.before_state, action.after_state
    if action.kind == "status_high_risk":
        account = session.get(Account, action.account_id)
        assert account is not None
        if account.status == after["status"]:
            account.status = before["status"]
            session.add(account)
            restored["status"] = before["status"]
        else:
            skipped["status"] = account.status
    elif action.kind == "freeze_quotes":
        for quote_id, previous in sorted(before["quotes"].items()):
            quote = session.get(Quote, quote_id)
            if quote is not None and quote.status == "frozen":
                quote.status = previous
                session.add(quote)
                restored[f"quote:{quote_id}"] = previous
            else:
                skipped[f"quote:{quote_id}"] = None if quote is None else quote.status
    elif action.kind in ("finance_task", "remap_task"):
        task_id = after["task"]["id"]
        task = session.get(Task, task_id)
        if task is not None and task.status == "open":
            task.status = "cancelled"
            session.add(task)
            restored[f"task:{task_id}"] = "cancelled"
        else:
            skipped[f"task:{task_id}"] = None if task is None else task.status
    else:
        restored["alert"] = "dismissed"
    return restored, skipped
