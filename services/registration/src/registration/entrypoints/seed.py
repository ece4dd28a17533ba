"""`emt-registration-seed`: the 2020 tree, movements, rounds and task calendar; optionally the 2025 tree.

Idempotent: existing units are kept, and restructurings already applied are not applied again.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from datetime import date
from typing import Literal

from emutrack_kit.clock import HANOI
from registration import bootstrap
from registration.config import Settings
from registration.seed_data import load_restructure_2025, load_tree_2020
from registration.seed_data.calendar import load_calendar_thanh_xuan_2020
from registration.usecases import calendars, restructurings, rounds, seeding, units

Tree = Literal["2020", "2025"]


async def seed(
    settings: Settings,
    deadline: date | None,
    tree: Tree = "2020",
    move_deadline: date | None = None,
    say: Callable[[str], object] = lambda _: None,
) -> tuple[int, int]:
    """Add missing units, movements, rounds, the calendar; restructure if asked; (units changed, rounds).

    `deadline` is the 2020 registration round's deadline when the seed opens it; a round that exists
    keeps its deadline (an office may have closed or extended it) unless `move_deadline` is given.
    """
    ctx = bootstrap.deps(settings)
    await bootstrap.ensure_indexes(ctx)
    data = load_tree_2020(deadline)
    added = 0
    for unit in data.units:
        added += await units.add_unit(ctx, unit)
    for movement in data.movements:
        await seeding.announce_movement(ctx, movement)
    for round_ in data.rounds:
        if not await seeding.open_round(ctx, round_):
            kept = (await rounds.get_round(ctx, round_.round_id)).deadline.astimezone(HANOI)
            say(f"round {round_.round_id} exists: its deadline stays {kept:%d/%m/%Y}")
    if move_deadline is not None:
        first = data.rounds[0].round_id
        moved = await rounds.move_deadline_as_system(ctx, first, move_deadline)
        say(f"round {first}: deadline moved to {moved.deadline.astimezone(HANOI):%d/%m/%Y}")
    await calendars.import_calendar(ctx, load_calendar_thanh_xuan_2020())
    if tree == "2025":
        for op in load_restructure_2025():
            outcome = await restructurings.restructure(ctx, op)
            added += 0 if outcome.replayed else len(outcome.unit_ids)
    return added, len(data.rounds)


def main() -> None:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--deadline",
        type=date.fromisoformat,
        help="the 2020 registration round's deadline when the seed opens it (YYYY-MM-DD); an existing "
        "round keeps its own",
    )
    parser.add_argument(
        "--move-deadline",
        type=date.fromisoformat,
        help="move the existing 2020 registration round's deadline to this day (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--tree",
        choices=("2020", "2025"),
        default="2020",
        help="2020: the 3-level tree; 2025: the same, restructured on 01/07/2025 into the 2-level tree",
    )
    args = parser.parse_args()
    changed, rounds = asyncio.run(seed(Settings(), args.deadline, args.tree, args.move_deadline, print))
    print(f"seeded ({args.tree} tree): {changed} units added or changed, {rounds} round(s)")


if __name__ == "__main__":
    main()
