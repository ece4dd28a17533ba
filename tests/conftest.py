"""The slice as separate processes: each service's HTTP app and consumer app via uvicorn."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emutrack_kit_testing.processes import BIN, Slice


@pytest.fixture
async def slice_(service_env: dict[str, str], tmp_path: Path) -> AsyncIterator[Slice]:
    """Seeded data, no process started yet (tests choose which ones to run)."""
    await asyncio.to_thread(
        subprocess.run,
        [str(BIN / "emt-registration-seed"), "--deadline", "2099-12-31"],
        env={**os.environ, **service_env},
        check=True,
        capture_output=True,
    )
    s = Slice(service_env, tmp_path)
    try:
        yield s
    finally:
        s.stop_all()
