"""How one fact rolls up the tree: every unit on its path gets the same increment."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.reporting import ReportSnapshotUpdated

PRODUCER = "reporting"
_SNAPSHOT_NAMESPACE = uuid.UUID("6f1f3c1e-6a63-4c1b-9a59-3f1f5d0d2b10")


@dataclass(frozen=True)
class CounterTarget:
    """The counter of one unit on the fact's path, for one period."""

    counter_id: str
    unit_id: str
    unit_path: tuple[str, ...]
    period: str


def rollup_targets(unit_path: Sequence[str], period: str) -> list[CounterTarget]:
    """One counter per unit from the root down to the fact's unit (ward, district, city)."""
    return [
        CounterTarget(f"{unit_id}:{period}", unit_id, tuple(unit_path[: i + 1]), period)
        for i, unit_id in enumerate(unit_path)
    ]


def snapshot_event(
    *,
    unit_id: str,
    unit_path: Sequence[str],
    period: str,
    version: int,
    registrations_total: int,
    registrations_by_title: dict[str, int],
) -> Envelope:
    """The aggregated snapshot of one unit and period; its id is stable per version."""
    return new_event(
        "report.snapshot_updated",
        event_id=uuid.uuid5(_SNAPSHOT_NAMESPACE, f"{unit_id}:{period}:{version}"),
        producer=PRODUCER,
        unit_path=list(unit_path),
        actor="system:reporting",
        payload=ReportSnapshotUpdated(
            unit_id=unit_id,
            period=period,
            version=version,
            registrations_total=registrations_total,
            registrations_by_title=registrations_by_title,
        ),
    )
