"""Pytest fixtures shared by the test_scoring_b_* modules.

Import them by their function names (``from scoring_b_fixtures import session_fixture, ...``); pytest registers
each under its ``name`` (``template``, ``session``, ``world``), which shadows the conftest ``session`` only in the
importing module. The function names differ from the fixture names so test parameters do not redefine an import.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scoring_b_world import account, migrated_template, session_from, users
from sqlmodel import Session


@pytest.fixture(scope="module", name="template")
def template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite template per test module."""
    return migrated_template(tmp_path_factory)


@pytest.fixture(name="session")
def session_fixture(template: Path, tmp_path: Path) -> Iterator[Session]:
    """A migrated SQLite file copied from the module's template (faster than migrating per test)."""
    yield from session_from(template, tmp_path)


@pytest.fixture(name="world")
def users_world_fixture(session: Session) -> Session:
    """The session holding only the org chart of ``scoring_b_world.users``."""
    users(session)
    return session


@pytest.fixture(name="world")
def huaxing_world_fixture(session: Session) -> Session:
    """The users plus one account ``A1`` 华星制造有限公司 owned by rep1 (import instead of ``users_world_fixture``)."""
    users(session)
    account(session, "A1", name="华星制造有限公司")
    return session
