"""What the routers share: the authentication dependency's type, the Idempotency-Key header, replays."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Header, Response

from emutrack_kit.auth import Principal

Authenticated = Callable[..., Awaitable[Principal]]
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


def mark_replay(response: Response, created: bool) -> None:
    """Tell a retried create (same Idempotency-Key) that it gets the first answer again."""
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
