"""How review's routes authenticate a caller and authorize it before validating its input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import Depends

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from review.usecases.context import Context

Authenticated = Callable[..., Awaitable[Principal]]


@dataclass(frozen=True)
class Guards:
    """The use cases' context and the authentication dependency the routers share."""

    ctx: Context
    authenticated: Authenticated

    def caller(self) -> Any:
        """`Depends` giving the authenticated caller."""
        return Depends(self.authenticated)

    def first(self, authorize: Callable[..., Awaitable[object]], *names: str) -> Any:
        """`Depends` giving the caller once an authorization use case passed, before validation."""
        return authorized_first(self.authenticated, partial(authorize, self.ctx), *names)
