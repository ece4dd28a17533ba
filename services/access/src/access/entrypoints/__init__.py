"""Entrypoints of the access service."""
