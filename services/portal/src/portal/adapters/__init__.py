"""Adapters of the portal."""
