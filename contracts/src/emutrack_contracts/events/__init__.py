"""Payload schemas, one module per producing service."""
