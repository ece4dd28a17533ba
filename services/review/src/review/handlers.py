"""Use cases of the review service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import (
    IndividualRegistrationsSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
)
from emutrack_kit.auth import SUBTREE_ROLES, Principal, Role
from emutrack_kit.clock import Clock, system_clock
from emutrack_kit.consumer import Position
from review.adapters.chain import ChainRepository
from review.adapters.clusters import ClusterRepository
from review.adapters.councils import BallotRepository, CouncilRepository, SessionRepository
from review.adapters.decisions import AwardHistory, DecisionRepository, QuotaSnapshots, UnitDirectory
from review.adapters.nominations import NominationRepository
from review.adapters.repositories import EvaluationRegister, RegisteredPeople
from review.adapters.rule_sets import RuleSetRepository


@dataclass
class Deps:
    """What the use cases need."""

    register: EvaluationRegister
    people: RegisteredPeople
    nominations: NominationRepository
    councils: CouncilRepository
    sessions: SessionRepository
    ballots: BallotRepository
    chain: ChainRepository
    units: UnitDirectory
    decisions: DecisionRepository
    awards: AwardHistory
    clusters: ClusterRepository
    quota_snapshots: QuotaSnapshots
    rules: RuleSetRepository
    clock: Clock = system_clock


async def unit_path(deps: Deps, unit_id: str) -> list[str]:
    """The unit's path from the root as review learnt it (just the unit when no event told it)."""
    unit = await deps.units.get(unit_id)
    return list(unit["path"]) if unit and unit.get("path") else [unit_id]


async def on_registration_submitted(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Record the registered unit as eligible for year-end evaluation (once per event)."""
    payload = RegistrationSubmitted.model_validate(envelope.payload)
    await deps.register.add(
        str(envelope.event_id),
        {
            "registration_id": payload.registration_id,
            "round_id": payload.round_id,
            "year": payload.year,
            "subject_kind": payload.subject_kind,
            "unit_id": payload.subject_unit_id,
            "unit_name": payload.subject_name,
            "unit_path": envelope.unit_path,
            "title_code": payload.title_code,
            "title_name": payload.title_name,
            "registered_at": payload.submitted_at,
            "status": "submitted",
            "changed_at": payload.submitted_at,
        },
    )


async def on_registration_status_changed(deps: Deps, envelope: Envelope, _: Position) -> None:
    """A withdrawn registration is no longer eligible; an amended one follows its new title."""
    payload = RegistrationStatusChanged.model_validate(envelope.payload)
    await deps.register.follow(
        payload.registration_id,
        payload.changed_at,
        {"status": payload.to_status, "title_code": payload.title_code, "title_name": payload.title_name},
    )


async def on_individual_registrations_submitted(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Only people on a unit's latest list may be evaluated at year end."""
    payload = IndividualRegistrationsSubmitted.model_validate(envelope.payload)
    await deps.people.replace(
        payload.list_id,
        payload.version,
        {
            "year": payload.year,
            "round_id": payload.round_id,
            "unit_id": payload.unit_id,
            "unit_name": payload.unit_name,
            "unit_path": envelope.unit_path,
            "people": [p.model_dump(mode="json") for p in payload.people],
        },
    )


async def evaluation_register(
    deps: Deps, principal: Principal, year: int, limit: int, skip: int
) -> list[dict[str, Any]]:
    """Who may be evaluated at the end of `year`, within the caller's reach."""
    return await deps.register.list(
        year,
        subtree_units=principal.units_with(SUBTREE_ROLES),
        own_units=principal.units_with(set(Role) - SUBTREE_ROLES),
        limit=limit,
        skip=skip,
    )


async def registered_people(deps: Deps, principal: Principal, year: int) -> list[dict[str, Any]]:
    """People registered for individual titles in `year`, within the caller's reach."""
    return await deps.people.list(
        year,
        subtree_units=principal.units_with(SUBTREE_ROLES),
        own_units=principal.units_with(set(Role) - SUBTREE_ROLES),
    )
