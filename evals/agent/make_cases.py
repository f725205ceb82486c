"""Generate ``evals/agent/cases.jsonl``: bilingual agent cases over the demo world (seed 7, 120 accounts,
today 2026-11-23) whose expected facts are computed by running the TOOLS, never typed by hand.

    python evals/agent/make_cases.py [--out evals/agent/cases.jsonl] [--home DIR]

The world is built in ``--home`` (a temporary folder by default) and its documents indexed (search
facts need the index; a kept ``--home`` makes reruns fast). Review the diff of the output.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from case_families import FAMILIES
from world_facts import World

from assistant.service import Tillage
from assistant.settings import Settings

SEED, ACCOUNTS = 7, 120


def build(home: Path, *, index: bool = True) -> World:
    """Build the demo world in ``home`` and (unless ``index`` is false) index its documents."""
    service = Tillage(Settings(home=home, llm="offline"))
    summary = service.build_demo(seed=SEED, accounts=ACCOUNTS)
    if index:
        service.index_documents()
    world = World(service, summary.today)
    world.summary = summary  # type: ignore[attr-defined]
    return world


def generate(world: World) -> list[dict[str, Any]]:
    """Every case of every family, ids unique, in family order."""
    cases: list[dict[str, Any]] = []
    for family in FAMILIES:
        cases += family(world)
    ids = [c["id"] for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"duplicate case ids: {duplicates}")
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("cases.jsonl"))
    parser.add_argument("--home", type=Path, default=None, help="Keep the world here (default: a temp folder).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        world = build(args.home or Path(scratch))
        try:
            cases = generate(world)
        finally:
            world.service.close()
    lines = [json.dumps(c, ensure_ascii=False, sort_keys=True) for c in cases]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_family: dict[str, int] = {}
    for c in cases:
        by_family[c["family"]] = by_family.get(c["family"], 0) + 1
    print(f"{len(cases)} cases -> {args.out}: {json.dumps(by_family, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
