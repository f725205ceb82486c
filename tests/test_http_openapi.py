"""The OpenAPI document: every route, its responses, problem documents for errors, the bearer scheme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from channels_support import build_world, serve
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # (via chromadb)

from assistant.server import create_app
from assistant.service import Tillage
from assistant.settings import load_settings

PROTECTED = {
    ("/v1/chat", "post"): {"200", "401", "413", "422"},
    ("/v1/accounts", "get"): {"200", "401"},
    ("/v1/accounts/{account_id}/briefing", "get"): {"200", "401", "404", "406", "422"},
    ("/v1/accounts/{account_id}/scores", "get"): {"200", "401", "404", "422"},
    ("/v1/drafts", "post"): {"201", "401", "404", "413", "422"},
    ("/v1/drafts/{draft_id}", "get"): {"200", "401", "404"},
    ("/v1/documents", "post"): {"201", "401", "404", "413", "415", "422"},
}
OPEN = {("/healthz", "get"): {"200"}, ("/readyz", "get"): {"200", "503"}}


@pytest.fixture
def spec(tmp_path: Path) -> dict[str, Any]:
    service = Tillage(load_settings(database_url=f"sqlite:///{tmp_path / 'crm.sqlite3'}"))
    build_world(service)
    try:
        with serve(create_app(service)) as url:
            response = httpx.get(f"{url}/openapi.json")
    finally:
        service.close()
    assert response.status_code == 200
    return dict(response.json())


def test_every_route_is_documented_with_its_responses(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.")
    operations = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert operations == set(PROTECTED) | set(OPEN)  # no Slack route without Slack settings
    for (path, method), statuses in {**PROTECTED, **OPEN}.items():
        operation = spec["paths"][path][method]
        assert statuses <= set(operation["responses"]), (path, method)
        assert operation["summary"] and all("description" in r for r in operation["responses"].values())


def test_protected_routes_require_the_bearer_scheme(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {"type": "http", "scheme": "bearer", "bearerFormat": "tlg_<id>_<secret>",
                      "description": "An API key from `tillage keys create --user EMAIL`."}  # fmt: skip
    for path, method in PROTECTED:
        assert spec["paths"][path][method]["security"] == [{"bearerAuth": []}], path
    for path, method in OPEN:
        assert "security" not in spec["paths"][path][method], path


def test_errors_are_documented_as_problem_documents(spec: dict[str, Any]) -> None:
    problem = spec["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    for path, method in PROTECTED:
        for status, response in spec["paths"][path][method]["responses"].items():
            if int(status) >= 400:
                assert list(response["content"]) == ["application/problem+json"], (path, status)
                assert response["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }


def test_chat_documents_both_json_and_event_stream(spec: dict[str, Any]) -> None:
    ok = spec["paths"]["/v1/chat"]["post"]["responses"]["200"]["content"]
    assert ok["application/json"]["schema"] == {"$ref": "#/components/schemas/Reply"}
    assert "text/event-stream" in ok
    body = spec["paths"]["/v1/documents"]["post"]["requestBody"]["content"]
    assert set(body) == {"text/markdown", "message/rfc822", "multipart/form-data"}


def test_every_schema_is_valid_json_schema_and_every_reference_resolves(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        assert name

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return own + [r for value in node.values() for r in refs(value)]
        if isinstance(node, list):
            return [r for value in node for r in refs(value)]
        return []

    for ref in refs(spec):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    try:
        from openapi_spec_validator import validate  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return
    validate(spec)
