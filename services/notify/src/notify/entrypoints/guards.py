"""Authorization before validation on notify's routes: the use cases' own checks, run first.

A caller refused learns nothing from how its input would have been judged (docs/decisions/0006).
"""

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from emutrack_kit.auth import Principal
from emutrack_kit.http import authorized_first
from notify.usecases.context import Context

Authenticated = Callable[..., Awaitable[Principal]]


def guard(
    ctx: Context, authenticated: Authenticated, authorize: Callable[..., Awaitable[None]], *names: str
) -> Any:
    """`Depends` giving the caller once `authorize(ctx, caller, *values of names)` passed."""
    return authorized_first(authenticated, functools.partial(authorize, ctx), *names)
