"""The ``/tillage`` command line: ``brief|risk|draft <account>`` and ``help`` (English or Chinese)."""

from __future__ import annotations

from dataclasses import dataclass

NAMES = {
    "brief": "brief",
    "briefing": "brief",
    "简报": "brief",
    "risk": "risk",
    "risks": "risk",
    "风险": "risk",
    "draft": "draft",
    "草稿": "draft",
    "help": "help",
    "帮助": "help",
}


@dataclass(frozen=True)
class Command:
    """A parsed command: ``name`` (brief, risk, draft, power_map, help), the account, or an error."""

    name: str
    account: str = ""
    error: str | None = None


def parse_command(text: str) -> Command:
    """Parse the text after ``/tillage``; an empty text is ``help``."""
    words = text.strip().split(None, 1)
    if not words:
        return Command(name="help")
    name = NAMES.get(words[0].lower())
    if name is None:
        return Command(name="help", error=f"Unknown command `{words[0][:40]}`.")
    account = words[1].strip() if len(words) > 1 else ""
    if name != "help" and not account:
        return Command(name=name, error=f"`{name}` needs an account, e.g. `/tillage {name} ACME`.")
    return Command(name=name, account=account[:200])
