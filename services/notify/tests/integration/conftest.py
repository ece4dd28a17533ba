"""A notify service on the real servers with the Thanh Xuân tree, and helpers to run its delivery workers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from emutrack_contracts import samples
from emutrack_kit.consumer import Handler, Position
from notify import bootstrap
from notify.adapters.webhook_client import WebhookClient
from notify.config import Settings
from notify.entrypoints.http import create_app
from notify.entrypoints.workers import DeliveryWorker
from notify.usecases.context import Context

POS = Position("t", 0, 0)
TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("p-ha-dinh", "Phường Hạ Đình", "ward", ["ha-noi", "q-thanh-xuan"]),
]
FAST_RETRIES = {
    "retry_max_attempts": 3,
    "retry_initial_seconds": 0.02,
    "retry_max_seconds": 0.05,
    "retry_jitter_seconds": 0.01,
}


@dataclass
class NotifyWorld:
    """Notify's use cases, HTTP app and delivery workers over one database."""

    settings: Settings
    deps: Context
    on: dict[str, Handler]
    http: httpx.AsyncClient
    workers: list[DeliveryWorker]

    async def deliver_all(self, rounds: int = 200) -> None:
        """Run the workers until nothing is queued (retries included)."""
        for _ in range(rounds):
            for worker in self.workers:
                await worker.publish_pending()
            if await self.deps.deliveries.queued() == 0:
                return
            await asyncio.sleep(0.02)
        raise AssertionError("deliveries still queued")


@pytest.fixture
async def open_notify(service_env: dict[str, str]) -> AsyncIterator[Callable[..., Awaitable[NotifyWorld]]]:
    """Opens a notify world with these settings (fast retries unless told otherwise)."""
    stack = AsyncExitStack()

    async def open_world(**overrides: Any) -> NotifyWorld:
        settings = Settings(**{**FAST_RETRIES, **overrides})
        deps = bootstrap.deps(settings)
        await deps.deliveries.ensure_indexes()
        on = bootstrap.event_handlers(deps)
        for unit_id, name, kind, path in TREE:
            await on["unit.created"](samples.unit_created(unit_id, name, kind, path), POS)
        webhooks = WebhookClient(timeout=5)
        stack.push_async_callback(webhooks.close)
        workers = bootstrap.delivery_workers(deps, settings, webhooks)
        transport = httpx.ASGITransport(app=create_app(settings, deps))
        http = await stack.enter_async_context(
            httpx.AsyncClient(transport=transport, base_url="http://notify")
        )
        return NotifyWorld(settings, deps, on, http, workers)

    async with stack:
        yield open_world
