"""Tillage in Slack: mentions, direct messages, ``/tillage``, briefing buttons and draft modals.

A thin adapter over :class:`assistant.service.Tillage`; see ``docs/slack.md`` for the set-up.
"""
