"""The demo world exported in the import format imports back exactly: the importer on realistic data."""

from __future__ import annotations

from pathlib import Path

import pytest
from importdata import dump

from assistant.crm import db
from assistant.crm.demo import build_world, export_world
from assistant.crm.documents.loader import documents_loader
from assistant.crm.importer import import_directory


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple[object, ...]]]]:
    root = tmp_path_factory.mktemp("demo")
    engine = db.make_engine(f"sqlite:///{root / 'source.sqlite3'}")
    db.upgrade(engine)
    build_world(engine, seed=11, accounts=60)
    export_world(engine, root / "export")
    source = dump(engine)
    engine.dispose()
    return root / "export", source


def test_export_imports_into_an_empty_database_and_reexports_identically(
    exported: tuple[Path, dict[str, list[tuple[object, ...]]]], db_url: str, tmp_path: Path
) -> None:
    folder, source = exported
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    report = import_directory(engine, folder, documents=documents_loader)
    assert report.ok, [str(e) for e in report.errors[:5]]
    assert report.counts["accounts.csv"]["inserted"] == 60
    assert report.counts["documents"]["inserted"] > 100

    export_world(engine, tmp_path / "again")
    assert _files(tmp_path / "again") == _files(folder)

    imported = dump(engine)
    for table in ("users", "accounts", "contacts", "opportunities", "orders", "quotes", "activity_contacts", "leads"):
        assert imported[table] == source[table], table

    again = import_directory(engine, folder, documents=documents_loader)
    assert again.ok
    assert all(c.get("inserted", 0) == 0 and c.get("updated", 0) == 0 for c in again.counts.values())
    assert dump(engine) == imported
    engine.dispose()
