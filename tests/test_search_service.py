"""Ingest and search through the service and the CLI: access applied, uploads scoped to the uploader."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from channels_support import build_world
from sqlmodel import select
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.crm.models import Document
from assistant.service import Tillage
from assistant.settings import get_settings

ACME = """---
id: note-acme-1
account_id: A-001
occurred_at: 2024-06-10
subject: Line 3 pricing
language: en
---
The customer said our price is 15% above SAP and asked for a phased payment plan.
"""
BETA = """---
id: note-beta-1
account_id: A-003
occurred_at: 2024-06-11
subject: 物流系统报价
language: zh
---
客户认为我们的价格比SAP高,希望分期付款。Beta Logistics 的采购部下周再谈。
"""

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "acme.md").write_text(ACME, encoding="utf-8")
    (notes / "beta.md").write_text(BETA, encoding="utf-8")
    return notes


@pytest.fixture
def service() -> Iterator[Tillage]:
    service = Tillage(get_settings())
    build_world(service)
    yield service
    service.close()


def _json(args: list[str], code: int = 0) -> dict[str, object]:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def _hits(args: list[str]) -> list[dict[str, str]]:
    hits = _json(args)["hits"]
    assert isinstance(hits, list)
    return hits


def test_cli_ingests_files_then_search_respects_access(service: Tillage, folder: Path) -> None:
    report = _json(["ingest", str(folder), "--json"])
    assert report["documents_added"] == 2 and report["chunks_written"] == 2
    assert _json(["ingest", str(folder), "--json"])["documents_unchanged"] == 2  # idempotent

    rep1 = _hits(["search", "price above SAP", "--user", "rep1@t.example", "--json"])
    assert [h["document_id"] for h in rep1] == ["note-acme-1"]
    # Naming the other rep's account in the query does not reveal its documents.
    named = _hits(["search", "Beta Logistics 价格", "--user", "rep1@t.example", "--json"])
    assert named and all(h["account_id"] == "A-001" for h in named)
    manager = _hits(["search", "价格 SAP", "--user", "mgr@t.example", "--json"])
    assert {h["document_id"] for h in manager} == {"note-acme-1", "note-beta-1"}


def test_search_by_foreign_account_answers_like_a_missing_one(service: Tillage, folder: Path) -> None:
    service.ingest([folder])
    foreign = _json(["search", "price", "--user", "rep1@t.example", "--account", "Beta Logistics", "--json"], code=2)
    missing = _json(["search", "price", "--user", "rep1@t.example", "--account", "Nope Corp", "--json"], code=2)
    assert str(foreign["error"]).replace("Beta Logistics", "X") == str(missing["error"]).replace("Nope Corp", "X")


def test_upload_is_scoped_to_the_uploader(service: Tillage) -> None:
    report = service.ingest_document(ACME.encode(), filename="acme.md", user_email="rep1@t.example")
    assert report.documents_added == 1
    with pytest.raises(ValueError) as foreign:
        service.ingest_document(BETA.encode(), filename="beta.md", user_email="rep1@t.example")
    with pytest.raises(ValueError) as missing:
        service.ingest_document(
            BETA.replace("A-003", "A-404").encode(), filename="beta.md", user_email="rep1@t.example"
        )
    assert str(foreign.value) == str(missing.value)
    assert "A-003" not in str(foreign.value) and "Beta" not in str(foreign.value)
    with service.session() as session:
        assert [d.id for d in session.exec(select(Document)).all()] == ["note-acme-1"]
    with pytest.raises(ValueError, match="filename"):
        service.ingest_document(b"MZ", filename="tool.exe", user_email="rep1@t.example")
