"""Deterministic tool functions over a CRM session: one module per capability.

Tools never import the agent or an adapter. Each takes a session, the requesting user and an
explicit ``as_of`` date where time matters, and returns a pydantic model that carries its evidence.
"""
