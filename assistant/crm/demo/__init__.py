"""The deterministic bilingual demo world: a sales organisation, its customers and their history.

``build_world`` writes the world into a migrated database; ``export_world`` writes a database in the
import format. Everything is drawn from ``random.Random(seed)``: the same seed and size give
byte-identical exports.
"""

from __future__ import annotations

from assistant.crm.demo.export import export_world
from assistant.crm.demo.world import DEFAULT_TODAY, MIN_ACCOUNTS, DemoUser, WorldSummary, build_world

__all__ = ["DEFAULT_TODAY", "MIN_ACCOUNTS", "DemoUser", "WorldSummary", "build_world", "export_world"]
