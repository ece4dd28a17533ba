"""Idempotent creation behind an `Idempotency-Key`: stable ids, request digests, one replay rule."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from emutrack_kit.errors import Unprocessable
from emutrack_kit.unit_of_work import Duplicate

T = TypeVar("T")
_NAMESPACE = uuid.UUID("7d3e4c1a-2b6f-4f0e-8a59-1c2d3e4f5a6b")


def new_id(prefix: str, subject: str, idempotency_key: str | None) -> str:
    """A record id: derived from the caller and its key (so a retry collides), else random."""
    if idempotency_key:
        return f"{prefix}-{uuid.uuid5(_NAMESPACE, f'{prefix}:{subject}:{idempotency_key}')}"
    return f"{prefix}-{uuid.uuid4()}"


def request_digest(body: Any) -> str:
    """A digest of a request's content, to tell a retry from a different request under one key."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def ensure_same_request(stored_digest: str | None, digest: str) -> None:
    """Refuse an Idempotency-Key reused for a different request."""
    if stored_digest != digest:
        raise Unprocessable(
            "IDEMPOTENCY_KEY_REUSED",
            "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới.",
            field="Idempotency-Key",
        )


async def create_once(
    create: Callable[[], Awaitable[T]],
    stored: Callable[[], Awaitable[tuple[T, str | None] | None]],
    digest: str,
) -> tuple[T, bool]:
    """Create, or answer a retry with what the first request created; (record, created).

    `create` raises `Duplicate` when the id exists; `stored` gives the existing record and the
    digest of the request that created it. A different request under the same key is refused.
    """
    try:
        return await create(), True
    except Duplicate:
        found = await stored()
        if found is None:  # created and removed meanwhile: nothing to replay
            raise
        record, stored_digest = found
        ensure_same_request(stored_digest, digest)
        return record, False
