"""Registration's HTTP app on the real MongoDB-protocol server, with an injected clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from emutrack_kit_testing.processes import Slice
from registration import bootstrap
from registration.config import Settings
from registration.entrypoints.http import create_app
from registration.entrypoints.seed import seed
from registration.usecases.context import Context


class MovableClock:
    """A clock the test sets; starts inside the 2020 registration round."""

    def __init__(self) -> None:
        self.now = datetime(2020, 1, 30, 3, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
async def deps(service_env: dict[str, str], clock: MovableClock) -> Context:
    settings = Settings()
    await seed(settings, deadline=None)  # the seed's own deadline: 05/02/2020
    return bootstrap.deps(settings, clock=clock)


@pytest.fixture
async def http(deps: Context) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(), deps)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registration") as c:
        yield c


@pytest.fixture
async def indexer(deps: Context, service_env: dict[str, str], tmp_path: Path) -> AsyncIterator[Slice]:
    """The registration consumer process (outbox relay, people index) on the test's namespace."""
    processes = Slice(service_env, tmp_path)
    await asyncio.to_thread(processes.start, "registration-consumer")
    try:
        yield processes
    finally:
        await asyncio.to_thread(processes.stop_all)
