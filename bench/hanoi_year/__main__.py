"""CLI: generate a synthetic year, print (or write) its summary; optionally write JSON lines or publish it.

`python -m bench.hanoi_year --events 1000000` streams a full-scale year and reports the time,
peak memory, event mix and the city's expected numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.hanoi_year import events_of, expected_of, plan_year, publish
from bench.hanoi_year.tree import CITY_ID
from emutrack_kit.settings import CommonSettings


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.hanoi_year", description=__doc__)
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument(
        "--scope", default=None, help="a district id (e.g. q-thanh-xuan); all of Hà Nội if absent"
    )
    parser.add_argument(
        "--events", type=int, default=None, help="target number of events (natural year if absent)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--summary", type=Path, help="also write the summary as JSON to this file")
    parser.add_argument("--jsonl", type=Path, help="write the envelopes as JSON lines (the published bytes)")
    parser.add_argument(
        "--publish",
        action="store_true",
        help="publish to Kafka (KAFKA_BOOTSTRAP_SERVERS, else EMT_KAFKA_PORT)",
    )
    parser.add_argument("--namespace", default=os.environ.get("EMT_TOPIC_NAMESPACE", ""))
    parser.add_argument("--rate", type=float, default=None, help="events per second when publishing")
    return parser.parse_args()


def main() -> None:
    """Generate, measure and summarise one year."""
    args = _args()
    started = time.perf_counter()
    plan = plan_year(args.year, args.scope, args.events, args.seed)
    expected = expected_of(plan)
    planned = time.perf_counter() - started
    mix: Counter[str] = Counter()
    payload_bytes = 0
    out = args.jsonl.open("w", encoding="utf-8") if args.jsonl else None

    def counted() -> Any:
        nonlocal payload_bytes
        for event in events_of(plan):
            mix[event.event_type] += 1
            if out is not None:
                line = json.dumps(event.model_dump(mode="json"), ensure_ascii=False)
                payload_bytes += len(line.encode())
                out.write(line + "\n")
            yield event

    if args.publish:
        servers = CommonSettings().kafka_bootstrap_servers
        asyncio.run(publish(counted(), servers, args.rate, namespace=args.namespace))
    else:
        for _ in counted():
            pass
    if out is not None:
        out.close()
    elapsed = time.perf_counter() - started
    total = sum(mix.values())
    summary = {
        "year": args.year,
        "scope": args.scope or CITY_ID,
        "seed": args.seed,
        "units": Counter(p.unit.kind for p in plan.plans),
        "multiplier": round(plan.multiplier, 3),
        "events": total,
        "mix": {t: {"count": n, "share": round(n / total, 4)} for t, n in mix.most_common()},
        "seconds_planning": round(planned, 2),
        "seconds_total": round(elapsed, 2),
        "events_per_second": round(total / elapsed),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "jsonl_bytes": payload_bytes or None,
        "city": expected.numbers(CITY_ID, args.year),
        "rounds": {
            r.round_id: {
                "expected": len(r.expected_unit_ids),
                "late": len(r.late_unit_ids),
                "missing": len(r.missing_unit_ids),
            }
            for r in expected.rounds.values()
        },
    }
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    print(text)
    if args.summary:
        args.summary.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
