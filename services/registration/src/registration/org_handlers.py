"""Use cases of the organisation tree: adding units, restructuring (merge, move, retire)."""

from __future__ import annotations

from emutrack_contracts import new_event
from emutrack_contracts.events.registration import ParentLink as ParentLinkEvent
from emutrack_contracts.events.registration import UnitCreated
from emutrack_kit.text import nfc
from registration.domain.org import Unit
from registration.domain.registrations import PRODUCER
from registration.handlers import SYSTEM_ACTOR, Deps


async def add_unit(deps: Deps, unit: Unit) -> bool:
    """Add a unit of the tree (seeding, restructuring); publishes `unit.created`."""
    unit = Unit(**{**unit.__dict__, "name": nfc(unit.name)})
    path = await deps.units.path_on(unit.parent_on(unit.valid_from) or unit.unit_id, unit.valid_from)
    if unit.unit_id not in path:
        path = (*path, unit.unit_id)
    event = new_event(
        "unit.created",
        producer=PRODUCER,
        unit_path=list(path),
        actor=SYSTEM_ACTOR,
        payload=UnitCreated(
            unit_id=unit.unit_id,
            name=unit.name,
            kind=unit.kind,
            level=unit.level,
            parents=[ParentLinkEvent(**p.__dict__) for p in unit.parents],
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
        ),
    )
    return await deps.units.add(unit, event)
