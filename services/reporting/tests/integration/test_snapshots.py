"""Snapshots: every level unit's counter once at start, then each changed one once per window
(the city and districts every window, wards a slice per window)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from emutrack_contracts import samples
from emutrack_kit.consumer import Position
from reporting.adapters.counters import CounterRepository
from reporting.adapters.snapshots import SnapshotPublisher

from .conftest import reporting_knowing

TREE = [
    ("ha-noi", "Thành phố Hà Nội", "city", []),
    ("q-thanh-xuan", "Quận Thanh Xuân", "district", ["ha-noi"]),
    ("p-kim-giang", "Phường Kim Giang", "ward", ["ha-noi", "q-thanh-xuan"]),
    ("th-kim-giang", "Trường Tiểu học Kim Giang", "school", ["ha-noi", "q-thanh-xuan", "p-kim-giang"]),
]


class Broker:
    """Takes published entries; can be told to be down."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.down = False

    async def publish_entries(self, entries: Sequence[dict[str, Any]]) -> None:
        if self.down:
            raise ConnectionError("broker unreachable")
        self.sent.extend(entries)

    def take(self) -> dict[str, int]:
        taken = {e["key"]: e["envelope"]["payload"]["registrations_total"] for e in self.sent}
        self.sent = []
        return taken


async def test_each_changed_level_unit_gets_one_snapshot_per_window(service_env: Any) -> None:
    deps, on = await reporting_knowing(TREE)
    school = samples.registration_submitted("ttldtt", registration_id="reg-s").model_copy(
        update={
            "unit_path": ["ha-noi", "q-thanh-xuan", "p-kim-giang", "th-kim-giang"],
            "unit_id": "th-kim-giang",
        }
    )
    await on["registration.submitted"](samples.registration_submitted("ttldtt"), Position("t", 0, 0))
    await on["registration.submitted"](school, Position("t", 0, 1))
    assert isinstance(deps.work.counters, CounterRepository)
    broker = Broker()
    publisher = SnapshotPublisher(deps.work.counters, deps.work.tree, broker, 1.0, wards_per_pass=0)

    await publisher.publish_pending()  # the sweep at start: every level unit, the school left out
    assert broker.take() == {"ha-noi:2020": 2, "q-thanh-xuan:2020": 2, "p-kim-giang:2020": 2}
    await publisher.publish_pending()
    assert broker.take() == {}  # nothing changed: nothing sent

    for offset in (2, 3):  # two changes inside one window: one snapshot, with both
        event = samples.registration_submitted("ttldtt", registration_id=f"reg-{offset}")
        await on["registration.submitted"](event, Position("t", 0, offset))
    broker.down = True
    with pytest.raises(ConnectionError):
        await publisher.publish_pending()
    broker.down = False
    await publisher.publish_pending()  # what could not be sent is sent now; the ward waits its turn
    assert broker.take() == {"ha-noi:2020": 4, "q-thanh-xuan:2020": 4}
    publisher.wards_per_pass = 1
    await publisher.publish_pending()  # the wards' line moves
    assert broker.take() == {"p-kim-giang:2020": 4}
