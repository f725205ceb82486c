"""Benchmark of the set-based account scores: RFM + health + risk for a whole portfolio, and all
three scores of one account.

    python benchmarks/bench_portfolio.py --accounts 100000            # SQLite file in a temp dir
    python benchmarks/bench_portfolio.py --url postgresql://postgres@127.0.0.1:5432/bench

Builds a synthetic world (``--orders`` defaults to 20 per account: two million for 100,000
accounts) with the fast bulk generator of ``benchmarks/portfolio_world.py``, then times:
- the portfolio of an admin (every account: RFM, health now and 90 days earlier, risk level);
- one account's RFM + health + risk scan, p50/p95 over ``--samples`` accounts, with the M quintile
  edges reused as the service does (the cold edge computation is timed once, separately): as one
  scorecard (:func:`tools.scorecard.account_scorecard`) and as three separate tool calls.
Goals: portfolio < 10 s, one account < 50 ms p95. Wall and process CPU seconds are reported (CPU
time is what the machine's other load cannot inflate, for SQLite where the database runs
in-process), with the peak resident memory of the process. The portfolio's fact queries overlap on
worker connections (:mod:`tools.facts_reads`), so its CPU seconds can exceed its wall seconds.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlmodel import Session, select

from assistant.crm import db
from assistant.crm.models import Account, User
from benchmarks.portfolio_world import bench_as_of, generate
from tools.health import score_health
from tools.portfolio import query_portfolio
from tools.rfm import score_rfm
from tools.rfm_edges import monetary_edges
from tools.risk import scan_risk
from tools.scorecard import account_scorecard


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(call: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    """Build the world (unless it is already there) and print the timings as a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=None, help="default: 20 per account")
    parser.add_argument("--url", default=None, help="database URL (default: a new SQLite file)")
    parser.add_argument("--samples", type=int, default=100, help="accounts timed one by one")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    orders = args.orders or 20 * args.accounts
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='tillage-bench-')) / 'bench.sqlite3'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    as_of = bench_as_of()
    rows: list[tuple[str, str, str, str]] = []
    with Session(engine) as session:
        present = session.execute(select(Account.id).limit(1)).first() is not None
    if args.generate_only:
        generate(engine, accounts=args.accounts, orders=orders, as_of=as_of)
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        return
    if not present:
        # In a child process, so that the peak memory reported below is the scoring's own.
        command = [sys.executable, __file__, "--generate-only", "--url", url, "--accounts", str(args.accounts)]
        _, wall, _ = _timed(lambda: subprocess.run([*command, "--orders", str(orders)], check=True))
        rows.append(
            ("build world (child process)", f"{wall:.1f}", "", f"{args.accounts:,} accounts, {orders:,} orders")
        )
    with Session(engine) as session:
        admin = session.execute(select(User).where(User.role == "admin")).scalars().first()
        assert admin is not None
        ids = list(session.execute(select(Account.id).order_by(Account.id)).scalars())
        result, wall, cpu = _timed(lambda: query_portfolio(session, user=admin, as_of=as_of, limit=50))
        rows.append(
            ("portfolio: RFM+health+risk, all", f"{wall:.2f}", f"{cpu:.2f}", f"{result.visible_accounts:,} accounts")
        )
        edges, wall, cpu = _timed(lambda: monetary_edges(session, as_of=as_of))
        rows.append(("M quintile edges (cold, once)", f"{wall:.2f}", f"{cpu:.2f}", f"{edges.population:,} paying"))
        sample = random.Random(11).sample(ids, min(args.samples, len(ids)))

        def card(account_id: str) -> None:
            account_scorecard(session, user=admin, account_id=account_id, as_of=as_of, m_edges=edges)

        def three(account_id: str) -> None:
            score_rfm(session, user=admin, account_id=account_id, as_of=as_of, m_edges=edges)
            score_health(session, user=admin, account_id=account_id, as_of=as_of)
            scan_risk(session, user=admin, account_id=account_id, as_of=as_of)

        for label, call in (("one account all scores", card), ("one account, three tools", three)):
            walls: list[float] = []
            cpus: list[float] = []
            for account_id in sample:
                _, wall, cpu = _timed(partial(call, account_id))
                walls.append(wall * 1000)
                cpus.append(cpu * 1000)
            for share in (0.5, 0.95):
                rows.append(
                    (
                        f"{label} p{round(share * 100)} (ms)",
                        f"{_percentile(walls, share):.1f}",
                        f"{_percentile(cpus, share):.1f}",
                        f"{len(sample)} accounts",
                    )
                )
    rows.append(("peak resident memory (MB)", f"{_peak_mb():.0f}", "", engine.dialect.name))
    engine.dispose()
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'wall s':>9}  {'cpu s':>9}  detail")
    for name, wall_s, cpu_s, detail in rows:
        print(f"{name:<{width}}  {wall_s:>9}  {cpu_s:>9}  {detail}")
    print(f"database: {url}")


if __name__ == "__main__":
    main()
