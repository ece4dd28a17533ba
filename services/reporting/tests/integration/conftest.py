"""Helpers of reporting's integration tests."""

from __future__ import annotations

from collections.abc import Sequence

from emutrack_contracts import samples
from emutrack_kit.consumer import Handler, Position
from reporting import bootstrap
from reporting.config import Settings
from reporting.usecases.context import Context


async def reporting_knowing(
    tree: Sequence[tuple[str, str, str, list[str]]],
) -> tuple[Context, dict[str, Handler]]:
    """Reporting's use cases on the test's database, with these units (id, name, kind, path) known."""
    deps = bootstrap.deps(Settings())
    on = bootstrap.event_handlers(deps)
    for offset, (unit, name, kind, path) in enumerate(tree):
        await on["unit.created"](samples.unit_created(unit, name, kind, path), Position("units", 0, offset))
    return deps, on
