"""Usecases of the portal."""
