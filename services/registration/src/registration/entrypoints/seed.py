"""`emt-registration-seed`: load the 2020 tree and round (idempotent; deadline shiftable)."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date

from registration import bootstrap, handlers, org_handlers
from registration.config import Settings
from registration.seed_data import load_tree_2020


async def seed(settings: Settings, deadline: date | None) -> tuple[int, int]:
    """Insert missing units and open (or re-date) the rounds; return (units added, rounds)."""
    d = bootstrap.deps(settings)
    await bootstrap.ensure_indexes(d)
    data = load_tree_2020(deadline)
    added = 0
    for unit in data.units:
        added += await org_handlers.add_unit(d, unit)
    for round_ in data.rounds:
        await handlers.open_round(d, round_)
    return added, len(data.rounds)


def main() -> None:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--deadline", type=date.fromisoformat, help="move the 2020 round's deadline (YYYY-MM-DD)"
    )
    args = parser.parse_args()
    added, rounds = asyncio.run(seed(Settings(), args.deadline))
    print(f"seeded: {added} new units, {rounds} round(s)")


if __name__ == "__main__":
    main()
