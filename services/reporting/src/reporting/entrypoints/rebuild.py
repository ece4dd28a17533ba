"""`emt-reporting-rebuild`: replay reporting's topics from the start into fresh collections, swap them in.

Run it with the reporting consumers stopped (it refuses while their group has members). It reads
every subscribed topic up to the offsets they had when it started, applies the records with the
live use cases into memory, writes the collections fresh beside the live ones, renames them over
the live ones, and moves the group's offsets to where the replay stopped, so the consumers resume
exactly there. The HTTP app may keep serving; it sees the new numbers after the swap.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from tqdm import tqdm

from emutrack_kit.runtime import group_id_of
from reporting import bootstrap
from reporting.adapters.kafka_log import GroupStillActive, KafkaLog, committed_offsets, move_group_offsets
from reporting.config import SERVICE, Settings
from reporting.entrypoints.replay import replay
from reporting.entrypoints.subscribers import SUBSCRIBERS

STILL_RUNNING = (
    "Các tiến trình consumer của reporting vẫn đang chạy: hãy dừng chúng trước khi dựng lại số liệu. "
    "(REPORTING_CONSUMERS_RUNNING: stop the reporting consumers first)"
)


async def rebuild(
    settings: Settings, *, keep_replaced: bool, move_offsets: bool, quiet: bool
) -> dict[str, Any]:
    """Replay, write, swap, move the group's offsets; return a summary."""
    started = time.perf_counter()
    group = group_id_of(SERVICE, settings)
    work = bootstrap.rebuild_work(settings, keep_replaced=keep_replaced)
    log = KafkaLog(
        settings.kafka_bootstrap_servers,
        [(t.qualified(settings.topic_namespace), t.partitions) for t in SUBSCRIBERS.topics()],
    )
    total = await log.open()
    try:
        if move_offsets:  # refuse before doing anything if the live consumers still hold the group
            held = await committed_offsets(settings.kafka_bootstrap_servers, group, list(log.end_offsets))
            if held:
                await move_group_offsets(settings.kafka_bootstrap_servers, group, held)
        with tqdm(total=total, unit="ev", desc="replay", file=sys.stderr, disable=quiet) as bar:
            handlers = bootstrap.event_handlers(bootstrap.deps_in_memory(work))
            tally = await replay(log.records(), handlers, bar.update)
    finally:
        await log.close()
    replayed = time.perf_counter()
    await work.commit()  # every collection written fresh, then swapped in
    if move_offsets:
        await move_group_offsets(settings.kafka_bootstrap_servers, group, log.end_offsets)
    done = time.perf_counter()
    return {
        "records": tally.read,
        "applied": tally.applied,
        "not_handled": tally.not_handled,
        "refused": tally.refused,
        "errors": tally.errors,
        "documents": work.written,
        "replay_seconds": round(replayed - started, 2),
        "write_seconds": round(done - replayed, 2),
        "records_per_second": round(tally.read / max(replayed - started, 1e-9)),
    }


def main(argv: list[str] | None = None) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(prog="emt-reporting-rebuild", description=__doc__.splitlines()[0])
    parser.add_argument("--keep-replaced", action="store_true", help="keep the old collections as replaced_*")
    parser.add_argument(
        "--leave-offsets", action="store_true", help="do not move the consumer group's offsets (dry runs)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        summary = asyncio.run(
            rebuild(
                Settings(),
                keep_replaced=args.keep_replaced,
                move_offsets=not args.leave_offsets,
                quiet=args.quiet,
            )
        )
    except GroupStillActive:
        print(STILL_RUNNING, file=sys.stderr)
        raise SystemExit(2) from None
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
