"""Briefings, drafts and documents over HTTP (skipped while the service area is not installed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from channels_support import bearer, build_world, serve

from assistant.http.app import create_app
from assistant.service import Tillage
from assistant.settings import load_settings

PROBLEM = "application/problem+json"


def needs(name: str) -> None:
    if not callable(getattr(Tillage, name, None)):
        pytest.skip(f"service method {name} not available yet")


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Tillage]:
    service = Tillage(load_settings(database_url=f"sqlite:///{tmp_path / 'crm.sqlite3'}"))
    build_world(service)
    yield service
    service.close()


@pytest.fixture
def base(service: Tillage) -> Iterator[str]:
    with serve(create_app(service)) as url:
        yield url


def test_briefing_as_json_or_markdown_and_the_same_404(service: Tillage, base: str) -> None:
    rep1 = bearer(service, "rep1@t.example")
    url = f"{base}/v1/accounts/A-001/briefing"
    as_json = httpx.get(url, params={"as_of": "2024-06-15"}, headers=rep1)
    assert as_json.status_code == 200 and as_json.headers["content-type"].startswith("application/json")
    assert "A-001" in as_json.text and "A-003" not in as_json.text
    markdown = httpx.get(url, params={"as_of": "2024-06-15"}, headers={**rep1, "Accept": "text/markdown"})
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.lstrip().startswith("#") and "Acme Manufacturing" in markdown.text
    again = httpx.get(url, params={"as_of": "2024-06-15"}, headers={**rep1, "Accept": "text/markdown"})
    assert again.text == markdown.text  # same data and as_of: same bytes
    foreign = httpx.get(f"{base}/v1/accounts/A-003/briefing", headers=rep1)
    missing = httpx.get(f"{base}/v1/accounts/A-404/briefing", headers=rep1)
    assert foreign.status_code == 404 and foreign.content == missing.content
    assert foreign.headers["content-type"].startswith(PROBLEM)
    refused = httpx.get(url, headers={**rep1, "Accept": "image/png"})
    assert refused.status_code == 406 and refused.headers["content-type"].startswith(PROBLEM)


def test_a_draft_is_saved_and_read_back_by_who_may_see_the_account(service: Tillage, base: str) -> None:
    rep1 = bearer(service, "rep1@t.example")
    created = httpx.post(f"{base}/v1/drafts", json={"account": "A-001", "opportunity": "O-1"}, headers=rep1)
    assert created.status_code == 201, created.text
    draft = created.json()
    assert draft["account_id"] == "A-001" and draft["status"] == "draft" and draft["subject"] and draft["body"]
    read = httpx.get(f"{base}/v1/drafts/{draft['id']}", headers=rep1)
    assert read.status_code == 200 and read.json()["subject"] == draft["subject"]
    manager = httpx.get(f"{base}/v1/drafts/{draft['id']}", headers=bearer(service, "mgr@t.example"))
    assert manager.status_code == 200
    rep2 = bearer(service, "rep2@t.example")
    hidden = httpx.get(f"{base}/v1/drafts/{draft['id']}", headers=rep2)
    nothing = httpx.get(f"{base}/v1/drafts/D-NOPE", headers=rep2)
    assert hidden.status_code == 404 and hidden.content == nothing.content
    foreign = httpx.post(f"{base}/v1/drafts", json={"account": "A-003"}, headers=rep1)
    missing = httpx.post(f"{base}/v1/drafts", json={"account": "A-404"}, headers=rep1)
    assert foreign.status_code == 404 and foreign.content == missing.content


NOTE = """---
account_id: A-001
occurred_at: 2024-06-10
subject: Line 3 review
---
Met Zhang Wei. Agreed to send the revised quote by Friday.
"""


def test_documents_are_ingested_from_a_raw_body_or_an_upload(service: Tillage, base: str) -> None:
    needs("ingest_document")
    rep1 = bearer(service, "rep1@t.example")
    raw = httpx.post(f"{base}/v1/documents", content=NOTE.encode(), headers={**rep1, "Content-Type": "text/markdown"})
    assert raw.status_code == 201, raw.text
    assert raw.json()["filename"] == "upload.md"
    files = {"file": ("../../etc/line3 review.md", NOTE.encode(), "text/markdown")}
    upload = httpx.post(f"{base}/v1/documents", files=files, headers=rep1)
    assert upload.status_code == 201, upload.text
    assert upload.json()["filename"] == "line3_review.md"
    foreign = NOTE.replace("A-001", "A-003").encode()
    refused = httpx.post(f"{base}/v1/documents", content=foreign, headers={**rep1, "Content-Type": "text/markdown"})
    assert refused.status_code in {404, 422} and refused.headers["content-type"].startswith(PROBLEM)
    assert "Beta Logistics" not in refused.text
    empty = httpx.post(f"{base}/v1/documents", files={"other": ("x.md", b"x")}, headers=rep1)
    assert empty.status_code == 422 and "'file'" in empty.json()["detail"]
