"""Decisions: each awardee counted once up its proposing unit's path, parked until its units are known."""

from __future__ import annotations

from datetime import date

from emutrack_contracts.events.registration import UnitCreated
from emutrack_contracts.events.review import DecisionAwardee, DecisionIssued
from emutrack_kit.consumer import Position
from emutrack_kit.messages import decode
from emutrack_kit.org_tree import Tree, TreeUnit
from reporting.domain.awards import Awardee
from reporting.domain.rollup import decision_deltas, split_targeted
from reporting.usecases.context import Context
from reporting.usecases.counting import movement_launched, tree_changed
from reporting.usecases.facts import Delivery, record_fact


async def unit_created(ctx: Context, p: UnitCreated, d: Delivery) -> None:
    """Learn the unit, then count the decisions that were parked waiting for it."""
    await tree_changed(ctx, d)
    await release_parked(ctx, p.unit_id)


async def decision_issued(ctx: Context, p: DecisionIssued, d: Delivery) -> None:
    """Count each awardee up its proposing unit's path, by award and deciding level, exactly once.

    An award counts in the emulation year it honours (the nomination's year), whatever the day the
    decision was signed, on the tree of that day (docs/decisions/0019). A decision naming a unit
    reporting has not heard of yet is parked (with its position) and counted when the unit appears.
    """
    tree = await ctx.work.tree.tree()
    named = {p.level_unit_id, *(a.proposing_unit_id for a in p.awardees)}
    unknown = sorted(u for u in named if tree.get(u) is None)
    level = tree.get(p.level_unit_id)
    if unknown or level is None:  # (a decision counted before names only units known since)
        await ctx.work.parked.park(d.envelope, d.position, unknown)
        return
    # The tree of the day it was signed: a unit moved since still counts where it was then.
    paths = [tree.path_on(a.proposing_unit_id, p.signed_on) for a in p.awardees]
    periods = [str(await _emulation_year(ctx, a, p.signed_on)) for a in p.awardees]
    # A decision taken above the city is recorded by the level that sent it up: it counts as central.
    level_kind = "central" if p.central_body else level.kind
    delta = decision_deltas(paths, p.award_code, level_kind, periods, [a.subject_kind for a in p.awardees])
    # The fact keeps the first delivery's increments: a redelivery applies those, whatever moved since.
    fact = await record_fact(ctx, d, delta)
    for target, target_delta in split_targeted(fact.delta, f"{p.signed_on:%Y-%m}"):
        await ctx.work.counters.apply([target], target_delta, fact.position)
    await ctx.work.awardees.keep(_awardees(p, tree, level, paths, periods))
    await ctx.work.parked.release(fact.event_id)


def _awardees(
    p: DecisionIssued, tree: Tree, level: TreeUnit, paths: list[tuple[str, ...]], periods: list[str]
) -> list[Awardee]:
    return [
        Awardee(
            decision_id=p.decision_id,
            nomination_id=a.nomination_id,
            unit_path=path,
            proposing_unit_name=tree.name(a.proposing_unit_id),
            period=period,
            subject_name=a.subject_name,
            subject_kind=a.subject_kind,
            award_name=p.award_name,
            number=p.number,
            signed_on=p.signed_on,
            level_name=p.central_body or level.name,
        )
        for a, path, period in zip(p.awardees, paths, periods, strict=True)
    ]


async def _emulation_year(ctx: Context, awardee: DecisionAwardee, signed_on: date) -> int:
    """The year the award honours: the awardee's, else its nomination's (from review), else the signing's."""
    if awardee.year is not None:
        return awardee.year
    known = await ctx.work.progress.get(awardee.nomination_id)
    return known.year if known.year is not None else signed_on.year


async def release_parked(ctx: Context, unit_id: str) -> None:
    """Count the parked decisions and movements that were waiting for this unit (and now for no other)."""
    for envelope in await ctx.work.parked.waiting_for(unit_id):
        # A stream of its own: later records of its partition may already be applied to the
        # same counters, and their offsets would make the counters skip this one.
        m = decode(envelope, parked_position(str(envelope.event_id)))
        if envelope.event_type == "movement.launched":
            await movement_launched(ctx, m.payload, m)
        else:
            await decision_issued(ctx, m.payload, m)


def parked_position(event_id: str) -> Position:
    """The position a parked event is counted at: a one-record stream of its own."""
    return Position(f"parked.{event_id}", 0, 0)
