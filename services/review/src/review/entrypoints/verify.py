"""`emt-review-verify`: check review's hash-chained log and report the first broken link."""

from __future__ import annotations

import argparse
import asyncio
import sys

from review import bootstrap
from review.config import Settings
from review.usecases.log import check_log


async def check(settings: Settings, anchor: str | None) -> tuple[int, int | None]:
    """(records in the log, index of the first broken link or None)."""
    return await check_log(bootstrap.deps(settings), anchor)


def main() -> None:
    """CLI entry point: exit 0 if intact, 1 with the first broken link otherwise."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--anchor", help="the last hash published elsewhere (catches removed tail records)")
    args = parser.parse_args()
    count, broken = asyncio.run(check(Settings(), args.anchor))
    if broken is None:
        print(f"review log intact: {count} records")
        return
    print(f"review log BROKEN: first broken link at record {broken} of {count}")
    sys.exit(1)


if __name__ == "__main__":
    main()
