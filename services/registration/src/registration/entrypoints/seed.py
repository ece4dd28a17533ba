"""`emt-registration-seed`: load the 2020 tree and round, optionally restructured into the 2025 tree.

Idempotent: existing units are kept, and restructurings already applied are not applied again.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from typing import Literal

from registration import bootstrap, handlers, org_handlers
from registration.config import Settings
from registration.seed_data import load_restructure_2025, load_tree_2020

Tree = Literal["2020", "2025"]


async def seed(settings: Settings, deadline: date | None, tree: Tree = "2020") -> tuple[int, int]:
    """Add missing units, open the rounds, restructure into 2025 if asked; (units changed, rounds)."""
    d = bootstrap.deps(settings)
    await bootstrap.ensure_indexes(d)
    data = load_tree_2020(deadline)
    added = 0
    for unit in data.units:
        added += await org_handlers.add_unit(d, unit)
    for round_ in data.rounds:
        await handlers.open_round(d, round_)
    if tree == "2025":
        for op in load_restructure_2025():
            outcome = await org_handlers.restructure(d, op)
            added += 0 if outcome.replayed else len(outcome.unit_ids)
    return added, len(data.rounds)


def main() -> None:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--deadline", type=date.fromisoformat, help="move the 2020 round's deadline (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--tree",
        choices=("2020", "2025"),
        default="2020",
        help="2020: the 3-level tree; 2025: the same, restructured on 01/07/2025 into the 2-level tree",
    )
    args = parser.parse_args()
    changed, rounds = asyncio.run(seed(Settings(), args.deadline, args.tree))
    print(f"seeded ({args.tree} tree): {changed} units added or changed, {rounds} round(s)")


if __name__ == "__main__":
    main()
