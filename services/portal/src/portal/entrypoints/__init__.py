"""Entrypoints of the portal."""
