"""Usecases of the access service."""
