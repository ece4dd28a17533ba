"""Review on a namespace of its own for a matrix: the tree's units, an HTTP client, the raw database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from pymongo import AsyncMongoClient

import review.bootstrap
import review.entrypoints.http
from emutrack_contracts import samples
from emutrack_kit.consumer import Position
from emutrack_kit_testing.helpers import isolated_settings
from review.config import Settings

POS = Position("t", 0, 0)
Units = Sequence[tuple[str, str, list[str]]]  # (id, kind, path above it)


@dataclass
class Review:
    """The running review app: its HTTP client, its database, its event handlers."""

    http: httpx.AsyncClient
    db: Any
    on: Any


@asynccontextmanager
async def review_on(infra: Any, now: datetime, units: Units) -> AsyncIterator[Review]:
    """Review at `now` on a fresh namespace knowing `units`; its database dropped afterwards."""
    namespace = f"t{uuid.uuid4().hex[:10]}"
    settings = Settings(**isolated_settings(infra.kafka, infra.mongodb, namespace))
    raw: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb, tz_aware=True)
    try:
        deps = review.bootstrap.deps(settings, clock=lambda: now)
        on = review.bootstrap.event_handlers(deps)
        for unit_id, kind, path in units:
            await on["unit.created"](samples.unit_created(unit_id, f"Đơn vị {unit_id}", kind, path), POS)
        app = review.entrypoints.http.create_app(settings, deps)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://review"
        ) as http:
            yield Review(http, raw[f"{namespace}_review"], on)
    finally:
        await raw.drop_database(f"{namespace}_review")
        await raw.close()
