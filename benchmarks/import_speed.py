"""Time ``import_directory`` on a synthetic export shaped like the demo world (2,000 accounts, ~40k orders).

Usage: python benchmarks/import_speed.py [DATABASE_URL]   (default: a SQLite file in a temp folder)
Prints the seconds of a first import and of an idempotent re-import.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.crm import db
from assistant.crm.importer import import_directory


def _write(path: Path, header: list[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def build(folder: Path, accounts: int = 2000, orders_per_account: int = 20) -> None:
    """Write users, accounts, contacts, opportunities, orders and activities into ``folder``."""
    rng = random.Random(7)
    users = [["u0", "boss@example.com", "Boss", "admin", ""]] + [
        [f"u{i}", f"rep{i}@example.com", f"Rep {i}", "rep", "u0"] for i in range(1, 41)
    ]
    _write(folder / "users.csv", ["id", "email", "name", "role", "manager_id"], users)
    acc = [
        [f"A{i}", f"客户{i}科技有限公司", f"C{i}", f"u{1 + i % 40}", f"A{i // 10}" if i >= 10 and i % 10 else ""]
        for i in range(accounts)
    ]
    _write(folder / "accounts.csv", ["id", "name", "registry_id", "owner_id", "parent_id"], acc)
    contacts = [
        [f"c{i}_{j}", f"A{i}", f"联系人{i}-{j}", "technical", f"p{j}@c{i}.example.cn", f"021-5{i:04d}{j:03d}"]
        for i in range(accounts)
        for j in range(5)
    ]
    _write(folder / "contacts.csv", ["id", "account_id", "name", "role", "email", "phone"], contacts)
    opps = [[f"o{i}", f"A{i}", f"Deal {i}", f"{rng.randint(1, 900) * 1000}.00", "open"] for i in range(accounts)]
    _write(folder / "opportunities.csv", ["id", "account_id", "name", "amount", "status"], opps)
    orders = [
        [
            f"r{i}_{k}",
            f"A{i}",
            f"o{i}",
            "MES",
            f"{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}",
            f"2025-{1 + k % 12:02d}-15",
        ]
        for i in range(accounts)
        for k in range(orders_per_account)
    ]
    _write(folder / "orders.csv", ["id", "account_id", "opportunity_id", "product", "amount", "ordered_at"], orders)
    acts = [
        [f"a{i}_{k}", f"A{i}", f"c{i}_0;c{i}_1", "meeting", f"2025-0{1 + k}-10T10:00:00+08:00"]
        for i in range(accounts)
        for k in range(3)
    ]
    _write(folder / "activities.csv", ["id", "account_id", "contact_ids", "kind", "occurred_at"], acts)


def main() -> None:
    """Build the export, import it twice, print the timings."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        folder.mkdir()
        build(folder)
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = db.make_engine(url)
        db.upgrade(engine)
        for label in ("first import", "re-import"):
            start = time.perf_counter()
            report = import_directory(engine, folder)
            print(f"{label}: {time.perf_counter() - start:.1f}s ok={report.ok} errors={len(report.errors)}")
            print({name: counts for name, counts in report.counts.items()})
            print(f"warnings: {len(report.warnings)} {report.warnings[:3]}")
        engine.dispose()


if __name__ == "__main__":
    main()
