"""Use cases of decisions in reporting: awards counted up the tree once, parked until units are known."""

from __future__ import annotations

from datetime import date

from emutrack_contracts import Envelope
from emutrack_contracts.events.review import DecisionAwardee, DecisionIssued
from emutrack_kit.auth import Principal
from emutrack_kit.consumer import Position
from reporting import handlers
from reporting.adapters import xlsx
from reporting.domain.rollup import decision_deltas, split_targeted
from reporting.handlers import Deps


async def on_unit_created(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Learn the unit, then count the decisions that were parked waiting for it."""
    await handlers.on_tree_changed(deps, envelope, position)
    await apply_parked(deps, str(envelope.payload["unit_id"]))


async def on_decision_issued(deps: Deps, envelope: Envelope, position: Position) -> None:
    """Count each awardee up its proposing unit's path, by award and deciding level, exactly once.

    An award counts in the emulation year it honours (the nomination's year), whatever the day the
    decision was signed, on the tree of that day. A decision naming a unit reporting has not heard
    of yet is parked (with its position) and counted when the unit appears.
    """
    payload = DecisionIssued.model_validate(envelope.payload)
    tree = await deps.units.tree()
    named = {payload.level_unit_id, *(a.proposing_unit_id for a in payload.awardees)}
    unknown = sorted(u for u in named if tree.get(u) is None)
    if unknown:  # (a decision counted before names only units known since)
        await deps.parked.park(envelope, position, unknown)
        return
    # The tree of the day it was signed: a unit moved since still counts where it was then.
    paths = [list(tree.path_on(a.proposing_unit_id, payload.signed_on)) for a in payload.awardees]
    periods = [str(await _emulation_year(deps, a, payload.signed_on)) for a in payload.awardees]
    level = tree.get(payload.level_unit_id)
    assert level is not None
    delta = decision_deltas(
        paths, payload.award_code, level.kind, periods, [a.subject_kind for a in payload.awardees]
    )
    # The fact keeps the first delivery's increments: a redelivery applies those, whatever moved since.
    first, stored = await deps.facts.record(
        str(envelope.event_id),
        position,
        delta,
        {"event_type": envelope.event_type, "unit_id": envelope.unit_id, "unit_path": envelope.unit_path},
    )
    for target, target_delta in split_targeted(stored, f"{payload.signed_on:%Y-%m}"):
        await deps.counters.apply([target], target_delta, first)
    await deps.awardees.keep(
        [
            {
                "_id": f"{payload.decision_id}|{a.nomination_id}",
                "unit_path": path,
                "proposing_unit_name": tree.name(a.proposing_unit_id),
                "period": period,
                "signed_year": str(payload.signed_on.year),
                "subject_name": a.subject_name,
                "subject_kind": a.subject_kind,
                "award_name": payload.award_name,
                "number": payload.number,
                "signed_on": payload.signed_on.isoformat(),
                "level_name": level.name,
            }
            for a, path, period in zip(payload.awardees, paths, periods, strict=True)
        ]
    )
    await deps.parked.release(str(envelope.event_id))


async def _emulation_year(deps: Deps, awardee: DecisionAwardee, signed_on: date) -> int:
    """The year the award honours: the awardee's, else its nomination's (from review), else the signing's."""
    if awardee.year is not None:
        return awardee.year
    known = await deps.progress.get(awardee.nomination_id)
    return known.year if known.year is not None else signed_on.year


async def apply_parked(deps: Deps, unit_id: str) -> None:
    """Count the parked decisions that were waiting for this unit (and now wait for no other)."""
    for parked in await deps.parked.waiting_for(unit_id):
        envelope = Envelope.model_validate(parked["envelope"])
        # A stream of its own: later records of its partition may already be applied to the
        # same counters, and their offsets would make the counters skip this one.
        await on_decision_issued(deps, envelope, parked_position(str(parked["_id"])))


def parked_position(event_id: str) -> Position:
    """The position a parked event is applied at: a one-record stream of its own."""
    return Position(f"parked.{event_id}", 0, 0)


async def awardee_list(
    deps: Deps, principal: Principal, unit_id: str, period: str, by_decision_date: bool = False
) -> bytes:
    """The awardees of a unit's subtree for a year (or by decisions signed that year), as XLSX."""
    unit, _ = await handlers.unit_and_counter(
        deps, principal, unit_id, period, need_data=not by_decision_date
    )
    rows = [
        (
            r["subject_name"],
            "Tập thể" if r["subject_kind"] == "collective" else "Cá nhân",
            r["award_name"],
            r["number"],
            date.fromisoformat(r["signed_on"]).strftime("%d/%m/%Y"),
            r["level_name"],
            r["proposing_unit_name"],
        )
        for r in await deps.awardees.of_subtree(unit_id, period, by_decision_date)
    ]
    if by_decision_date:
        title = f"DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG THEO QUYẾT ĐỊNH KÝ NĂM {period}"
    else:
        title = f"DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG NĂM {period}"
    return xlsx.listing(
        title, f"Đơn vị: {unit['name']} (kể cả các đơn vị trực thuộc)", xlsx.AWARDEE_HEADERS, rows
    )
