"""Round coverage: who of a receiving unit's children submitted by the deadline, late, or not yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from emutrack_contracts.events.registration import RoundExtensionGranted, RoundOpened
from emutrack_kit.auth import Principal
from emutrack_kit.org_tree import Tree
from reporting.domain.coverage import Coverage, Round, coverage
from reporting.domain.units import UnitRef, children_on
from reporting.usecases.access import visible_round
from reporting.usecases.context import Context
from reporting.usecases.facts import Delivery


@dataclass(frozen=True)
class RoundCoverage:
    """Who of the receiving unit's children submitted to a round by its deadline, late, or not yet."""

    round_id: str
    round_name: str
    receiving_unit_id: str
    deadline: datetime
    expected: int
    on_time: int
    percent_on_time: float
    late_units: list[UnitRef]
    missing_units: list[UnitRef]


async def round_opened(ctx: Context, p: RoundOpened, d: Delivery) -> None:
    """Keep the round, and each deadline it was given with when it was set (docs/decisions/0019)."""
    round_ = Round(p.round_id, p.name, p.kind, p.year, p.receiving_unit_id, p.deadline)
    await ctx.work.rounds.keep(round_, d.envelope.occurred_at)


async def extension_granted(ctx: Context, p: RoundExtensionGranted) -> None:
    """Keep one unit's own later deadline, with when it was granted."""
    await ctx.work.rounds.extend(p.round_id, p.unit_id, p.granted_at, p.deadline)


async def covered(ctx: Context, tree: Tree, round_: Round) -> tuple[Coverage, dict[str, str]]:
    """A round's coverage over the receiving unit's children of its day, and their names."""
    children = children_on(tree, round_.receiving_unit_id, round_.expected_on(ctx.today()))
    names = {c.unit_id: c.name for c in children}
    firsts = await ctx.work.rounds.firsts(round_.round_id)
    return coverage(list(names), firsts, round_.deadlines_in_force(), round_.extensions), names


async def round_coverage(ctx: Context, caller: Principal, round_id: str) -> RoundCoverage:
    """Who of the receiving unit's children submitted by the deadline, late, or not yet."""
    round_, tree = await visible_round(ctx, caller, round_id)
    result, names = await covered(ctx, tree, round_)
    return RoundCoverage(
        round_id=round_id,
        round_name=round_.name,
        receiving_unit_id=round_.receiving_unit_id,
        deadline=round_.deadline,
        expected=result.expected,
        on_time=len(result.on_time),
        percent_on_time=result.percent_on_time,
        late_units=[UnitRef(u, names[u]) for u in result.late],
        missing_units=[UnitRef(u, names[u]) for u in result.missing],
    )
