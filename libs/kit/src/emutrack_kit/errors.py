"""Domain errors a caller can act on: a stable code, a Vietnamese message, the field at fault.

They say what went wrong in the domain's terms; the HTTP edge (`emutrack_kit.http`) maps each kind
to its status once.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """An error a caller can act on: stable code, Vietnamese message, field, details."""

    def __init__(
        self, code: str, message: str, *, field: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
        self.details = details or {}

    def body(self) -> dict[str, Any]:
        """The error as clients read it."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        if self.details:
            error["details"] = self.details
        return {"error": error}


class NotFound(AppError):
    """The object does not exist (or the caller may not know it exists)."""


class Forbidden(AppError):
    """The caller's role bindings do not reach the object's unit."""


class Conflict(AppError):
    """The request contradicts the current state (duplicate, closed round...)."""


class Unprocessable(AppError):
    """The request is well-formed but breaks a domain rule about one of its fields."""


class TooLarge(AppError):
    """What was sent is larger than the limit for it."""


class Unavailable(AppError):
    """A tool the request needs is not there or did not answer (try again later)."""
