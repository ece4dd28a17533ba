"""What the nomination use cases share: a nomination on the tree of the day, its steps and their events."""

from __future__ import annotations

from dataclasses import dataclass

from emutrack_contracts import Envelope, new_event
from emutrack_contracts.events.review import NominationStatusChanged
from emutrack_kit.unit_of_work import UnitOfWork
from review.domain.nomination_record import NominationRecord, Step
from review.usecases.context import Context
from review.usecases.tree import level_path_on, path_on
from review.usecases.writes import commit

SYSTEM = "system:review"  # the actor of what review does on its own (a dossier received from an event)


@dataclass(frozen=True)
class Placed:
    """A nomination with the paths of the day: of the unit it is for, and of the level standing for its level.

    The record keeps the paths of the day it arrived; a step publishes and is authorized on both.
    """

    record: NominationRecord
    unit_path: tuple[str, ...]
    level_path: tuple[str, ...]


async def placed(ctx: Context, record: NominationRecord) -> Placed:
    """The nomination on today's tree."""
    tree, day = await ctx.tree.tree(), ctx.today()
    unit_path = path_on(tree, record.unit_path[-1], day, record.unit_path)
    return Placed(record, unit_path, level_path_on(tree, record.level_unit_id, day, record.level_path))


def status_event(
    record: NominationRecord, unit_path: tuple[str, ...], step: Step, snapshot_hash: str | None = None
) -> Envelope:
    """`nomination.status_changed` for a step, owned by the unit the nomination is for (its submitter)."""
    return new_event(
        "nomination.status_changed",
        unit_path=list(unit_path),
        actor=step.by,
        occurred_at=step.at,
        payload=NominationStatusChanged(
            nomination_id=record.nomination_id,
            dossier_id=record.dossier_id,
            round_id=record.round_id,
            year=record.year,
            proposing_unit_id=record.proposing_unit_id,
            level_unit_id=record.level_unit_id,
            status=step.status,
            reasons=list(step.reasons),
            snapshot_hash=snapshot_hash,
            changed_at=step.at,
        ),
    )


@dataclass(frozen=True)
class Move:
    """A step to write: the nomination after it, the status it must still have, the parts it sets."""

    after: NominationRecord
    expected: str
    parts: tuple[str, ...] = ()
    snapshot_hash: str | None = None


def stage_move(ctx: Context, uow: UnitOfWork, seen: Placed, move: Move, *, guarded: bool = True) -> None:
    """Stage the step with its event, published on the tree of the day."""
    event = status_event(move.after, seen.unit_path, move.after.history[-1], move.snapshot_hash)
    ctx.nominations.stage_step(uow, move.after, move.expected, event, move.parts, guarded=guarded)


async def take_step(ctx: Context, seen: Placed, move: Move) -> None:
    """Write one guarded step; CONCURRENT_CHANGE if the nomination moved meanwhile."""
    uow = UnitOfWork()
    stage_move(ctx, uow, seen, move)
    await commit(uow)
