"""Use cases of the reporting service: one function per event or query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from emutrack_contracts import Envelope
from emutrack_contracts.events.registration import (
    ExemplarSubmitted,
    IndividualRegistrationsSubmitted,
    InitiativeSubmitted,
    NominationSubmitted,
    RegistrationStatusChanged,
    RegistrationSubmitted,
    SubmissionWithdrawn,
)
from emutrack_kit.auth import ALL_ROLES, Principal
from emutrack_kit.clock import HANOI, Clock, hanoi_month, system_clock
from emutrack_kit.consumer import Position
from emutrack_kit.errors import Forbidden, NotFound
from emutrack_kit.mongo import Document
from emutrack_kit.org_replica import OrgReplica
from emutrack_kit.org_tree import Tree
from reporting import ports
from reporting.domain.periods import period_day
from reporting.domain.rollup import (
    CounterTarget,
    Delta,
    dossier_submitted_delta,
    exemplar_delta,
    individual_list_delta,
    initiative_delta,
    numbers_of,
    registration_changed_delta,
    registration_submitted_delta,
    rollup_targets,
)


@dataclass
class Deps:
    """What the use cases need."""

    facts: ports.Facts
    counters: ports.Counters
    units: OrgReplica
    lists: ports.Lists
    rounds: ports.Rounds
    parked: ports.Parked
    awardees: ports.Awardees
    submissions: ports.Submissions
    progress: ports.NominationProgresses
    rankings: ports.Rankings
    clock: Clock = field(default=system_clock)

    def today(self) -> date:
        """Today in Hà Nội."""
        return self.clock().astimezone(HANOI).date()


def _targets(envelope: Envelope, period: str) -> list[CounterTarget]:
    """The fact's unit and ancestors, each with its series at the Hà Nội month the fact happened in."""
    return rollup_targets(envelope.unit_path, period, hanoi_month(envelope.occurred_at))


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
    await deps.counters.apply(_targets(envelope, period), stored_delta, first)


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
    await deps.counters.apply(_targets(envelope, str(payload.year)), stored_delta, first)


async def on_nomination_submitted(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count a proposed dossier for its unit and every ancestor, by award."""
    payload = NominationSubmitted.model_validate(envelope.payload)
    # A dossier sent again after a return is the same dossier: it counted at its first submission.
    counted = await deps.submissions.counted_as(payload.dossier_id) is not None
    await deps.submissions.remember(payload.dossier_id, "dossier", payload.award_code)
    delta = {} if counted else dossier_submitted_delta(payload.award_code)
    await _count(deps, envelope, position, str(payload.year), delta)


async def on_tree_changed(deps: Deps, envelope: Envelope, _: Position) -> None:
    """Fold a `unit.*` event into the tree replica (names, kinds, dated parent links)."""
    await deps.units.apply(envelope)


async def on_initiative_submitted(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count a proposed initiative up the tree, by the level asked to recognise it."""
    p = InitiativeSubmitted.model_validate(envelope.payload)
    await deps.submissions.remember(p.submission_id, "initiative", p.recognition_level)
    await _count(deps, envelope, position, str(p.year), initiative_delta(p.recognition_level))


async def on_exemplar_submitted(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count a proposed exemplar up the tree, by category."""
    p = ExemplarSubmitted.model_validate(envelope.payload)
    await deps.submissions.remember(p.submission_id, "exemplar", p.category)
    await _count(deps, envelope, position, str(p.year), exemplar_delta(p.category))


async def on_submission_withdrawn(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Uncount a withdrawn initiative or exemplar (by what it was counted as)."""
    p = SubmissionWithdrawn.model_validate(envelope.payload)
    counted = await deps.submissions.counted_as(p.submission_id)
    if counted is None:
        delta: Delta = {}  # never counted here: nothing to take back
    elif p.kind == "initiative":
        delta = initiative_delta(counted, -1)
    else:
        delta = exemplar_delta(counted, -1)
    await _count(deps, envelope, position, str(p.year), delta)


def unit_on(tree: Tree, unit_id: str, day: date) -> Document | None:
    """A unit as the tree shows it on `day`: id, name, kind, level and path that day."""
    unit = tree.get(unit_id)
    if unit is None:
        return None
    return {
        "_id": unit.unit_id,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "unit_path": list(tree.path_on(unit_id, day)),
    }


def children_on(tree: Tree, unit_id: str, day: date) -> list[Document]:
    """The units directly under a unit on `day` (its last day, if it had ended by then), by id."""
    unit = tree.get(unit_id)
    if unit is None:
        return []
    day = unit.nearest_day(day)
    return [d for c in tree.children_on(unit_id, day) if (d := unit_on(tree, c.unit_id, day)) is not None]


async def visible_unit(deps: Deps, principal: Principal, unit_id: str, day: date | None = None) -> Document:
    """The unit on `day` (default today), if it is known and the caller's bindings reach it then."""
    unit = unit_on(await deps.units.tree(), unit_id, day or deps.today())
    if unit is None:
        raise NotFound("UNKNOWN_UNIT", f"Không tìm thấy đơn vị '{unit_id}'.", field="unit_id")
    if not principal.may(ALL_ROLES, unit["unit_path"]):
        raise Forbidden(
            "FORBIDDEN_UNIT",
            f"Tài khoản của bạn không được xem số liệu của đơn vị '{unit['name']}'.",
            field="unit_id",
        )
    return unit


async def unit_counts(deps: Deps, principal: Principal, unit_id: str, period: str) -> dict[str, Any]:
    """A unit's numbers for a period, if the caller's bindings reach it and the period has data."""
    unit, counter = await unit_and_counter(deps, principal, unit_id, period)
    return shown_numbers(unit, period, counter)


async def unit_and_counter(
    deps: Deps, principal: Principal, unit_id: str, period: str, *, need_data: bool = True
) -> tuple[Document, Document]:
    """The unit and its counter of a period (empty if nothing counted), with `unit_counts`'s checks."""
    unit = await visible_unit(deps, principal, unit_id, period_day(period, deps.today()))
    counter = await deps.counters.get(unit_id, period)
    if need_data and counter is None and await deps.counters.get(unit["unit_path"][0], period) is None:
        # Nothing counted anywhere in the tree for that period: a period we know nothing of.
        raise NotFound("UNKNOWN_PERIOD", f"Chưa có số liệu nào của năm {period}.", field="period")
    return unit, counter or {}


def shown_numbers(unit: Document, period: str, counter: Document) -> dict[str, Any]:
    """A unit's numbers as shown (zeros where nothing was counted)."""
    return {
        "unit_id": unit["_id"],
        "unit_name": unit["name"],
        "period": period,
        **numbers_of(counter),
        "version": counter.get("version", 0),
    }


async def children_and_counters(
    deps: Deps, principal: Principal, unit_id: str, period: str
) -> list[tuple[Document, Document]]:
    """A unit's direct children with their counters of a period, if the caller may see the unit."""
    await unit_and_counter(deps, principal, unit_id, period)  # the same checks: known, and visible
    children = children_on(await deps.units.tree(), unit_id, period_day(period, deps.today()))
    return await counters_of(deps, children, period)


async def counters_of(deps: Deps, units: list[Document], period: str) -> list[tuple[Document, Document]]:
    """Each unit with its counter of a period (empty if nothing counted; no checks)."""
    return [(u, await deps.counters.get(u["_id"], period) or {}) for u in units]


async def children_counts(
    deps: Deps, principal: Principal, unit_id: str, period: str
) -> list[dict[str, Any]]:
    """The numbers of a unit's direct children (drill-down), if the caller may see the unit."""
    found = await children_and_counters(deps, principal, unit_id, period)
    return [shown_numbers(child, period, counter) for child, counter in found]
