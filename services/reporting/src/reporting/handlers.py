"""Use cases of the reporting service: one function per event or query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    UnitCreated,
)
from emutrack_kit.auth import ALL_ROLES, Principal
from emutrack_kit.consumer import Position
from emutrack_kit.errors import Forbidden, NotFound
from reporting.adapters.repositories import (
    CounterRepository,
    FactRepository,
    ListStateRepository,
    UnitDirectory,
)
from reporting.domain.rollup import (
    Delta,
    individual_list_delta,
    registration_changed_delta,
    registration_submitted_delta,
    rollup_targets,
)


@dataclass
class Deps:
    """What the use cases need."""

    facts: FactRepository
    counters: CounterRepository
    units: UnitDirectory
    lists: ListStateRepository


async def _count(deps: Deps, envelope: Envelope, position: Position, period: str, delta: Delta) -> None:
    first, stored_delta = await deps.facts.record(
        str(envelope.event_id),
        position,
        delta,
        {
            "event_type": envelope.event_type,
            "unit_id": envelope.unit_id,
            "unit_path": envelope.unit_path,
            "period": period,
        },
    )
    await deps.counters.apply(rollup_targets(envelope.unit_path, period), stored_delta, first)


async def on_registration_submitted(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count a registration for its unit and every ancestor, exactly once."""
    payload = RegistrationSubmitted.model_validate(envelope.payload)
    await _count(
        deps, envelope, position, str(payload.year), registration_submitted_delta(payload.title_code)
    )


async def on_registration_status_changed(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Uncount a withdrawn registration; move an amended one to its new title."""
    payload = RegistrationStatusChanged.model_validate(envelope.payload)
    delta = registration_changed_delta(
        from_status=payload.from_status,
        to_status=payload.to_status,
        title_code=payload.title_code,
        previous_title_code=payload.previous_title_code,
    )
    await _count(deps, envelope, position, str(payload.year), delta)


async def on_individual_registrations_submitted(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count a unit's people by title; a resubmitted list counts as its difference."""
    payload = IndividualRegistrationsSubmitted.model_validate(envelope.payload)
    previous = await deps.lists.counts(payload.list_id)
    delta = individual_list_delta(previous, payload.counts_by_title)
    first, stored_delta = await deps.facts.record(
        str(envelope.event_id),
        position,
        delta,
        {
            "event_type": envelope.event_type,
            "unit_id": envelope.unit_id,
            "unit_path": envelope.unit_path,
            "period": str(payload.year),
        },
    )
    await deps.lists.remember(payload.list_id, payload.counts_by_title, payload.version)
    await deps.counters.apply(rollup_targets(envelope.unit_path, str(payload.year)), stored_delta, first)


async def on_unit_created(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Learn a unit of the tree (name, kind, path) for authorization and drill-down."""
    payload = UnitCreated.model_validate(envelope.payload)
    await deps.units.upsert(
        payload.unit_id,
        {"name": payload.name, "kind": payload.kind, "level": payload.level, "unit_path": envelope.unit_path},
    )


async def unit_counts(deps: Deps, principal: Principal, unit_id: str, period: str) -> dict[str, Any]:
    """A unit's numbers for a period, if the caller's bindings reach it."""
    unit = await deps.units.get(unit_id)
    if unit is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    if not principal.may(ALL_ROLES, unit["unit_path"]):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không được xem số liệu của đơn vị '{unit['name']}'.",
            field="unit_id",
        )
    counter = await deps.counters.get(unit_id, period) or {}
    return {
        "unit_id": unit_id,
        "unit_name": unit["name"],
        "period": period,
        "registrations_total": counter.get("registrations_total", 0),
        "registrations_by_title": counter.get("registrations_by_title", {}),
        "individuals_total": counter.get("individuals_total", 0),
        "individuals_by_title": counter.get("individuals_by_title", {}),
        "version": counter.get("version", 0),
    }
