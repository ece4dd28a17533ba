"""Use cases of the reporting service: one function per event or query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    NominationSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    RoundOpened,
    UnitCreated,
)
from emutrack_contracts.events.review import DecisionIssued
from emutrack_kit.auth import ALL_ROLES, Principal
from emutrack_kit.consumer import Position
from emutrack_kit.errors import Forbidden, NotFound
from emutrack_kit.mongo import Document
from reporting.adapters.parked import ParkedEvents
from reporting.adapters.repositories import (
    CounterRepository,
    FactRepository,
    ListStateRepository,
    UnitDirectory,
)
from reporting.adapters.rounds import RoundBook
from reporting.domain.coverage import coverage
from reporting.domain.rollup import (
    Delta,
    decision_deltas,
    dossier_submitted_delta,
    individual_list_delta,
    registration_changed_delta,
    registration_submitted_delta,
    rollup_targets,
    split_targeted,
)

TOTALS = ("registrations_total", "individuals_total", "dossiers_total", "awards_total")
BREAKDOWNS = (
    "registrations_by_title",
    "individuals_by_title",
    "dossiers_by_award",
    "awards_by_award",
    "awards_by_level",
)


@dataclass
class Deps:
    """What the use cases need."""

    facts: FactRepository
    counters: CounterRepository
    units: UnitDirectory
    lists: ListStateRepository
    rounds: RoundBook
    parked: ParkedEvents


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
    await deps.rounds.submitted(payload.round_id, payload.subject_unit_id, payload.submitted_at)
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
    await deps.rounds.submitted(payload.round_id, payload.unit_id, payload.submitted_at)
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


async def on_nomination_submitted(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count a proposed dossier for its unit and every ancestor, by award."""
    payload = NominationSubmitted.model_validate(envelope.payload)
    await _count(deps, envelope, position, str(payload.year), dossier_submitted_delta(payload.award_code))


async def on_decision_issued(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count each awardee up its proposing unit's path, by award and deciding level, exactly once.

    The period is the year the decision was signed. A decision naming a unit reporting has not
    heard of yet is parked (with its position) and counted when the unit appears.
    """
    payload = DecisionIssued.model_validate(envelope.payload)
    if await deps.facts.known(str(envelope.event_id)):
        await _count_decision(deps, envelope, position, [])  # counted before: apply what was stored
        return
    found = {a.proposing_unit_id: await deps.units.get(a.proposing_unit_id) for a in payload.awardees}
    known = {u: doc for u, doc in found.items() if doc is not None}
    if len(known) < len(found):
        await deps.parked.park(envelope, position, sorted(set(found) - set(known)))
        return
    await _count_decision(deps, envelope, position, [known[a.proposing_unit_id] for a in payload.awardees])


async def _count_decision(
    deps: Deps, envelope: Envelope, position: Position, awardee_units: list[Document]
) -> None:
    payload = DecisionIssued.model_validate(envelope.payload)
    level = await deps.units.get(payload.level_unit_id)
    paths = [u["unit_path"] for u in awardee_units]
    period = str(payload.signed_on.year)
    delta = decision_deltas(paths, payload.award_code, level["kind"] if level else "unknown", period)
    first, stored = await deps.facts.record(
        str(envelope.event_id),
        position,
        delta,
        {"event_type": envelope.event_type, "unit_id": envelope.unit_id, "unit_path": envelope.unit_path},
    )
    for target, target_delta in split_targeted(stored):
        await deps.counters.apply([target], target_delta, first)
    await deps.parked.release(str(envelope.event_id))


async def apply_parked(deps: Deps, unit_id: str) -> None:
    """Count the parked decisions that were waiting for this unit (and now wait for no other)."""
    for parked in await deps.parked.waiting_for(unit_id):
        envelope = Envelope.model_validate(parked["envelope"])
        position = Position(parked["topic"], parked["partition"], parked["offset"])
        await on_decision_issued(deps, envelope, position)


async def on_round_opened(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Keep the round and its (latest) deadline, for coverage."""
    p = RoundOpened.model_validate(envelope.payload)
    fields = {
        "name": p.name,
        "kind": p.kind,
        "receiving_unit_id": p.receiving_unit_id,
        "deadline": p.deadline,
    }
    await deps.rounds.keep(p.round_id, fields)


async def round_coverage(deps: Deps, principal: Principal, round_id: str) -> dict[str, Any]:
    """Who of the receiving unit's children submitted by the deadline, late, or not yet."""
    round_ = await deps.rounds.get(round_id)
    if round_ is None:
        raise NotFound("UNKNOWN_ROUND", f"Không tìm thấy đợt '{round_id}'.", field="round_id")
    receiving = await deps.units.get(round_["receiving_unit_id"])
    if receiving is None or not principal.may(ALL_ROLES, receiving["unit_path"]):
        raise Forbidden(
            "FORBIDDEN_UNIT", "Tài khoản của bạn không được xem số liệu của đợt này.", field="round_id"
        )
    children = await deps.units.children(receiving["_id"])
    names = {c["_id"]: c["name"] for c in children}
    result = coverage(list(names), await deps.rounds.firsts(round_id), round_["deadline"])
    return {
        "round_id": round_id,
        "round_name": round_["name"],
        "receiving_unit_id": receiving["_id"],
        "deadline": round_["deadline"],
        "expected": result.expected,
        "on_time": len(result.on_time),
        "percent_on_time": result.percent_on_time,
        "late_units": [{"unit_id": u, "name": names[u]} for u in result.late],
        "missing_units": [{"unit_id": u, "name": names[u]} for u in result.missing],
    }


async def on_unit_created(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Learn a unit of the tree (name, kind, path) for authorization and drill-down."""
    payload = UnitCreated.model_validate(envelope.payload)
    await deps.units.upsert(
        payload.unit_id,
        {"name": payload.name, "kind": payload.kind, "level": payload.level, "unit_path": envelope.unit_path},
    )
    await apply_parked(deps, payload.unit_id)


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
    return _numbers(unit, period, await deps.counters.get(unit_id, period))


def _numbers(unit: Document, period: str, counter: Document | None) -> dict[str, Any]:
    """A unit's numbers as shown (zeros where nothing was counted)."""
    counter = counter or {}
    return {
        "unit_id": unit["_id"],
        "unit_name": unit["name"],
        "period": period,
        **{field: counter.get(field, 0) for field in TOTALS},
        **{field: counter.get(field, {}) for field in BREAKDOWNS},
        "version": counter.get("version", 0),
    }


async def children_counts(
    deps: Deps, principal: Principal, unit_id: str, period: str
) -> list[dict[str, Any]]:
    """The numbers of a unit's direct children (drill-down), if the caller may see the unit."""
    await unit_counts(deps, principal, unit_id, period)  # the same checks: known, and visible
    children = await deps.units.children(unit_id)
    return [_numbers(c, period, await deps.counters.get(c["_id"], period)) for c in children]
