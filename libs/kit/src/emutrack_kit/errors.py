"""Typed application errors, mapped to HTTP once (stable codes, Vietnamese messages)."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """An error a caller can act on: HTTP status, stable code, Vietnamese message."""

    status: int = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        details: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
        self.details = details or {}
        if status is not None:
            self.status = status

    def body(self) -> dict[str, Any]:
        """The JSON error body."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        if self.details:
            error["details"] = self.details
        return {"error": error}


class NotFound(AppError):
    """The object does not exist (or the caller may not know it exists)."""

    status = 404


class Forbidden(AppError):
    """The caller's role bindings do not reach the object's unit."""

    status = 403


class Conflict(AppError):
    """The request contradicts the current state (duplicate, closed round...)."""

    status = 409


class Unprocessable(AppError):
    """The request is well-formed but breaks a domain rule about one of its fields."""

    status = 422
