"""The tree of the day: where units sit, their names and kinds, as registration's `unit.*` events told review.

Review keeps the kit's dated replica of the organisation tree (ADR 0019) and reads it on the day that
matters: the day of a step, a decision's signing day. A unit merged into another is stood for by its
successor from the merge on: its level's business passes to the new unit, and whoever holds a role
for the new unit holds it for the units merged into it. A unit the tree does not know keeps the
path its events carried, else stands alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from emutrack_contracts import Envelope
from emutrack_kit.auth import Principal, RoleBinding
from emutrack_kit.errors import Unprocessable
from emutrack_kit.org_tree import Tree
from review.domain.decisions import Level, LevelKind
from review.usecases.context import Context

LEVEL_KINDS: dict[str, LevelKind] = {"city": "city", "district": "district", "ward": "ward"}
CENTRAL = Level("central", "central", "Trung ương")


async def follow_tree(ctx: Context, envelope: Envelope) -> None:
    """Fold a `unit.*` event into the replica (the same event twice changes nothing)."""
    await ctx.tree.apply(envelope)


def path_on(tree: Tree, unit_id: str, day: date, told: Sequence[str] = ()) -> tuple[str, ...]:
    """The unit's path on `day`; else the path an event told; else the unit alone."""
    return tree.path_on(unit_id, day) or tuple(told) or (unit_id,)


def standing_for(tree: Tree, unit_id: str, day: date) -> str:
    """The unit standing for `unit_id` on `day`: itself, or the unit it was merged into since."""
    seen = {unit_id}
    unit = tree.get(unit_id)
    while unit is not None and unit.valid_to is not None and day > unit.valid_to and unit.successor_id:
        if unit.successor_id in seen:
            break
        unit_id = unit.successor_id
        seen.add(unit_id)
        unit = tree.get(unit_id)
    return unit_id


def level_path_on(tree: Tree, level_unit_id: str, day: date, told: Sequence[str] = ()) -> tuple[str, ...]:
    """The path of the level standing for `level_unit_id` on `day` (its successor's after a merge)."""
    standing = standing_for(tree, level_unit_id, day)
    return path_on(tree, standing, day, told if standing == level_unit_id else ())


def merged_into(tree: Tree, unit_ids: Iterable[str]) -> dict[str, list[str]]:
    """For each unit, the units merged into it since (and into those, and so on), by id."""
    before: dict[str, list[str]] = {}
    for unit in tree.units.values():
        if unit.successor_id is not None:
            before.setdefault(unit.successor_id, []).append(unit.unit_id)
    merged: dict[str, list[str]] = {}
    for unit_id in unit_ids:
        found, frontier = [], [unit_id]
        while frontier:
            for earlier in before.get(frontier.pop(), []):
                if earlier != unit_id and earlier not in found:
                    found.append(earlier)
                    frontier.append(earlier)
        merged[unit_id] = sorted(found)
    return merged


def as_successor(principal: Principal, tree: Tree) -> Principal:
    """The caller, each binding also holding for the units merged into its unit (their files are its own)."""
    merged = merged_into(tree, {b.unit_id for b in principal.bindings})
    inherited = tuple(RoleBinding(b.role, m) for b in principal.bindings for m in merged[b.unit_id])
    return principal if not inherited else Principal(principal.subject, (*principal.bindings, *inherited))


def name_of(tree: Tree, unit_id: str) -> str:
    """A unit's name where a person reads it ("—" for a unit never heard of: never its id)."""
    unit = tree.get(unit_id)
    return unit.name if unit is not None and unit.name else "—"


async def unit_path_today(ctx: Context, unit_id: str) -> tuple[str, ...]:
    """The unit's path today (the unit alone if the tree does not know it)."""
    return path_on(await ctx.tree.tree(), unit_id, ctx.today())


async def level_of(ctx: Context, unit_id: str) -> Level:
    """A level (ward, district, city) with its council's chair as signer; UNKNOWN_LEVEL otherwise."""
    unit = (await ctx.tree.tree()).get(unit_id)
    if unit is None or unit.kind not in LEVEL_KINDS:
        raise Unprocessable(
            "UNKNOWN_LEVEL",
            f"'{unit_id}' không phải một cấp (phường, quận, thành phố) đã biết.",
            field="level_unit_id",
        )
    council = await ctx.councils.get(unit_id)
    signers = frozenset({council.chair_id}) if council else frozenset()
    return Level(unit_id, LEVEL_KINDS[unit.kind], unit.name, signers)
