"""Tillage: the assistant, its service, settings, CRM data and adapters."""
