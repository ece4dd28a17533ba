"""Idempotency-Key handling shared by the create commands: stable ids and replay checks."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from emutrack_kit.auth import Principal
from emutrack_kit.errors import Unprocessable

_NAMESPACE = uuid.UUID("7d3e4c1a-2b6f-4f0e-8a59-1c2d3e4f5a6b")


def new_id(prefix: str, principal: Principal, idempotency_key: str | None) -> str:
    """A record id: derived from the caller's key (so a retry collides), else random."""
    if idempotency_key:
        return f"{prefix}-{uuid.uuid5(_NAMESPACE, f'{prefix}:{principal.subject}:{idempotency_key}')}"
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
