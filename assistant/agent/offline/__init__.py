"""The offline chat model: deterministic intent -> tool calls -> templated answers, no network.

Modules: :mod:`.model` (the BaseChatModel), :mod:`.planner` (turn logic), :mod:`.intents` (the
intent table), :mod:`.entities` (accounts, dates, roles, pronouns, language), :mod:`.answers`
(template registry) and ``answers_<family>`` modules with the templates of each tool family.
"""

from assistant.agent.offline.model import MODEL_NAME, OfflineChatModel

__all__ = ["MODEL_NAME", "OfflineChatModel"]
