"""Adapters of the access service."""
