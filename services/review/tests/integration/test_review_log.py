"""Review's published steps are chained; tampering is found at its first broken link, also by the CLI."""

from __future__ import annotations

import asyncio
import os
import subprocess
from typing import Any

from emutrack_contracts import new_event
from emutrack_contracts.events.review import NominationStatusChanged
from emutrack_contracts.samples import KIM_GIANG_PATH, SAMPLE_TIME
from emutrack_kit.consumer import Position
from emutrack_kit_testing.processes import BIN
from review import bootstrap
from review.config import Settings
from review.domain.integrity import verify

POS = Position("t", 0, 0)


def step(status: str) -> Any:
    payload = NominationStatusChanged(
        nomination_id="hs-1@q-thanh-xuan",
        dossier_id="hs-1",
        round_id="r",
        year=2020,
        proposing_unit_id="p-kim-giang",
        level_unit_id="q-thanh-xuan",
        status=status,
        changed_at=SAMPLE_TIME,
    )
    return new_event(
        "nomination.status_changed", producer="review", unit_path=KIM_GIANG_PATH, actor="o", payload=payload
    )


async def test_steps_are_chained_once_and_an_edit_is_found(
    service_env: dict[str, str], mongo: Any, namespace: str
) -> None:
    deps = bootstrap.deps(Settings())
    await deps.chain.ensure_indexes()
    on = bootstrap.event_handlers(deps)["nomination.status_changed"]
    events = [step(s) for s in ("received", "returned", "received", "appraised")]
    for event in events:
        await on(event, POS)
    await on(events[1], POS)  # redelivered: logged once
    records = await deps.chain.records()
    assert [r.seq for r in records] == [0, 1, 2, 3]
    assert verify(records) is None
    cli = [str(BIN / "emt-review-verify")]
    env = {**os.environ, **service_env}
    intact = await asyncio.to_thread(subprocess.run, cli, env=env, capture_output=True, text=True)
    assert (intact.returncode, intact.stdout.strip()) == (0, "review log intact: 4 records")

    await mongo[f"{namespace}_review"]["review_log"].update_one(
        {"_id": 2}, {"$set": {"payload.payload.status": "decided"}}
    )
    assert verify(await deps.chain.records()) == 2
    broken = await asyncio.to_thread(subprocess.run, cli, env=env, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "first broken link at record 2 of 4" in broken.stdout
